import { Latchkey } from './latchkey.js';
import type { Platform } from './platform.js';

/** The page facilities the script-tag build reads. */
export interface ScriptTagHost {
  /** The page's document (to find the `<script>` tag). */
  readonly document: Pick<Document, 'currentScript' | 'querySelector'>;
  /** Where `Latchkey` is set and the events are dispatched. */
  readonly window: { Latchkey?: Latchkey; dispatchEvent(event: Event): boolean };
  /** Platform replacements for the created instance (tests). */
  readonly platform?: Partial<Platform>;
}

/**
 * What the script-tag build (`latchkey.js`) does when it runs: reads
 * `data-publishable-key` (and optional `data-frontend-api-url`) from its own `<script>` tag,
 * sets `window.Latchkey` to a new instance at once, loads it, then dispatches
 * `latchkey:loaded` (detail: the instance) or `latchkey:error` (detail: the error) on window.
 * `await Latchkey.load()` is the ready promise: load is idempotent.
 * @returns the instance, or undefined when the tag has no publishable key
 * @example
 * ```html
 * <script src="http://127.0.0.1:5100/npm/latchkey.js"
 *         data-publishable-key="pk_test_MTI3LjAuMC4xOjUxMDAk"
 *         data-frontend-api-url="http://127.0.0.1:5100"></script>
 * <script>
 *   addEventListener('latchkey:loaded', async () => {
 *     const jwt = await Latchkey.session?.getToken();
 *   });
 * </script>
 * ```
 */
export function mountFromScriptTag(host: ScriptTagHost): Latchkey | undefined {
  const current = host.document.currentScript;
  const tag =
    current && current.hasAttribute('data-publishable-key')
      ? current
      : host.document.querySelector('script[data-publishable-key]');
  const key = tag?.getAttribute('data-publishable-key');
  if (!key) {
    console.error('latchkey.js: put data-publishable-key="pk_…" on its <script> tag.');
    return undefined;
  }
  const frontendApiUrl = tag?.getAttribute('data-frontend-api-url');
  const latchkey = new Latchkey(key, {
    ...(frontendApiUrl ? { frontendApiUrl } : {}),
    ...(host.platform ? { platform: host.platform } : {}),
  });
  host.window.Latchkey = latchkey;
  latchkey.load().then(
    () => host.window.dispatchEvent(new CustomEvent('latchkey:loaded', { detail: latchkey })),
    (error: unknown) => {
      console.error('latchkey.js: load failed', error);
      host.window.dispatchEvent(new CustomEvent('latchkey:error', { detail: error }));
    },
  );
  return latchkey;
}
