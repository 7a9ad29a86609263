import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { LIMIT, iifeOptions, root } from '../scripts/iife-options.mjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Latchkey } from '../src/index.js';
import { mountFromScriptTag } from '../src/script-tag.js';
import { APP_URL, DEV_KEY, claims, useFakeClock, world } from './support/harness.js';


function scriptTag(attributes: Record<string, string>) {
  const tag = {
    hasAttribute: (n: string) => n in attributes,
    getAttribute: (n: string) => attributes[n] ?? null,
  } as unknown as HTMLScriptElement;
  return { currentScript: tag, querySelector: () => null } as unknown as Pick<Document, 'currentScript' | 'querySelector'>;
}

describe('script-tag build', () => {
  beforeEach(useFakeClock);
  afterEach(() => vi.useRealTimers());

  it('mountFromScriptTag_DataAttributes_SetsWindowLatchkeyAndAnnouncesLoad', async () => {
    const w = world();
    const tab = w.tab();
    let announce: (type: string) => void = () => undefined;
    const announced = new Promise<string>((resolve) => (announce = resolve));
    const win = { Latchkey: undefined as Latchkey | undefined, dispatchEvent: (e: Event) => (announce(e.type), true) };

    const instance = mountFromScriptTag({
      document: scriptTag({ 'data-publishable-key': DEV_KEY, 'data-frontend-api-url': w.fapi.origin }),
      window: win,
      platform: tab.platform(),
    });

    expect(win.Latchkey).toBe(instance);
    expect(win.Latchkey?.frontendApiUrl).toBe(w.fapi.origin);
    await win.Latchkey?.load();
    expect(await announced).toBe('latchkey:loaded');
    expect(win.Latchkey?.isLoaded).toBe(true);
  });

  it('mountFromScriptTag_SignedInBrowser_SessionNullUntilLoadedWhileGetTokenWaitsForTheLoad', async () => {
    const w = world();
    const { latchkey: other } = await w.signedIn(); // the same browser is signed in (cookies shared)
    const win = { Latchkey: undefined as Latchkey | undefined, dispatchEvent: () => true };

    mountFromScriptTag({
      document: scriptTag({ 'data-publishable-key': DEV_KEY, 'data-frontend-api-url': w.fapi.origin }),
      window: win,
      platform: w.tab().platform(),
    });
    const global = win.Latchkey as Latchkey;

    // Set at once, loaded later: reading the session now would look signed out.
    expect(global.isLoaded).toBe(false);
    expect(global.session).toBeNull();
    expect(global.isSignedIn).toBe(false);
    // getToken() waits for the load the tag started; so does load(), the same promise.
    const token = global.getToken();
    expect(await global.load()).toBe(global);
    expect(global.session?.id).toBe(other.session?.id);
    expect(claims(await token)['sid']).toBe(other.session?.id);
    global.destroy();
    other.destroy();
  });

  it('mountFromScriptTag_LoadFails_AnnouncesError', async () => {
    const w = world();
    w.fapi.fail(/^\/dev_browser$/, { status: 500 });
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const event = new Promise<Event>((resolve) => {
      mountFromScriptTag({
        document: scriptTag({ 'data-publishable-key': DEV_KEY, 'data-frontend-api-url': w.fapi.origin }),
        window: { dispatchEvent: (e: Event) => (resolve(e), true) },
        platform: w.tab().platform(),
      });
    });
    const dispatched = (await event) as CustomEvent<unknown>;
    expect(dispatched.type).toBe('latchkey:error');
    expect((dispatched.detail as { code?: string }).code).toBe('dev-browser-failed');
    error.mockRestore();
  });

  it('mountFromScriptTag_NoPublishableKey_NothingMountedAndAClearMessage', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const win: { Latchkey?: Latchkey; dispatchEvent(e: Event): boolean } = { dispatchEvent: () => true };
    expect(mountFromScriptTag({ document: scriptTag({}), window: win })).toBeUndefined();
    expect(win.Latchkey).toBeUndefined();
    expect(String(error.mock.calls[0]?.[0])).toContain('data-publishable-key');
    error.mockRestore();
  });
});

describe('script-tag bundle', () => {
  it('bundle_GzipNine_AtMost12KB', async () => {
    const result = await build({ ...iifeOptions, write: false });
    const code = result.outputFiles[0]?.contents ?? new Uint8Array();
    expect(LIMIT).toBe(12 * 1024);
    expect(gzipSync(code, { level: 9 }).length).toBeLessThanOrEqual(LIMIT);
  });

  it('bundle_BuiltFile_AtMost12KBAndSelfContained', () => {
    const file = readFileSync(`${root}dist/latchkey.iife.js`);
    expect(gzipSync(file, { level: 9 }).length).toBeLessThanOrEqual(12 * 1024);
    expect(file.toString()).not.toMatch(/\bimport\s*[{(*"']|\bexport\s*[{*]/);
  });

  it('npmBuild_ScriptTagBundle_CopiedToTheServersWebRoot', () => {
    // npm run build (which npm test runs first) puts it where the server serves /npm/latchkey.js.
    const served = join(root, '..', '..', '..', '..', 'src', 'Latchkey.Server', 'wwwroot', 'npm', 'latchkey.js');
    expect(existsSync(served)).toBe(true);
    expect(readFileSync(served).equals(readFileSync(`${root}dist/latchkey.iife.js`))).toBe(true);
  });

  it('packageJson_SideEffectOnlyImportOfTheScriptTagBuild_KeptByABundler', async () => {
    // "sideEffects" lists the IIFE: `import '@latchkey/js/latchkey.js'` must survive tree
    // shaking, while a bare `import '@latchkey/js'` (no binding used) may be dropped.
    const bundle = async (contents: string): Promise<string> => {
      const result = await build({ stdin: { contents, resolveDir: root }, bundle: true, format: 'esm', write: false, logLevel: 'silent' });
      return result.outputFiles[0]?.text ?? '';
    };
    expect(await bundle("import '@latchkey/js/latchkey.js';")).toContain('data-publishable-key');
    expect(await bundle("import '@latchkey/js';")).not.toContain('__clerk_api_version');
  });

  it('bundle_RunInAPage_SetsWindowLatchkeyFromItsScriptTag', async () => {
    const w = world();
    const tab = w.tab(APP_URL);
    const saved = { document: globalThis.document, window: (globalThis as { window?: unknown }).window, fetch: globalThis.fetch };
    const loaded = new Promise<Event>((resolve) => tab.window.addEventListener('latchkey:loaded', resolve));
    Object.assign(tab.document, { currentScript: scriptTag({ 'data-publishable-key': DEV_KEY, 'data-frontend-api-url': w.fapi.origin }).currentScript });
    Object.assign(globalThis, { document: tab.document, window: tab.window, fetch: w.browser.fetch });
    try {
      new Function(readFileSync(`${root}dist/latchkey.iife.js`, 'utf8'))();
      const event = (await loaded) as CustomEvent<Latchkey>;
      const global = (tab.window as unknown as { Latchkey: Latchkey }).Latchkey;
      expect(event.detail).toBe(global);
      expect(global.isLoaded).toBe(true);
      expect(global.isSignedIn).toBe(false);
      expect(await global.getToken()).toBeNull();
      global.destroy();
    } finally {
      Object.assign(globalThis, saved);
    }
  });
});
