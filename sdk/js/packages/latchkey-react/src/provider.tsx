import { useEffect, useState, type ReactNode } from 'react';
import { Latchkey, type LatchkeyOptions } from '@latchkey/js';
import { LatchkeyContext } from './context.js';

/** Props of {@link LatchkeyProvider}: a publishable key, or an instance made elsewhere. */
export interface LatchkeyProviderProps {
  /** The publishable key (`pk_test_…`/`pk_live_…`); ignored when `latchkey` is given. */
  publishableKey?: string;
  /** Frontend API URL; default `https://<host from the key>`, locally `http://127.0.0.1:5100`. */
  frontendApiUrl?: string;
  /** Further options for the instance the provider creates. */
  options?: LatchkeyOptions;
  /** An existing instance (e.g. the script-tag build's `window.Latchkey`) instead of a new one. */
  latchkey?: Latchkey;
  /** The app. */
  children?: ReactNode;
}

/**
 * Makes a {@link Latchkey} instance available to the hooks below it and loads it. The
 * instance is created once per provider (changing props later does not replace it) and
 * lives as long as the page: React StrictMode's double effects do not reload it.
 * @example
 * ```tsx
 * <LatchkeyProvider publishableKey="pk_test_MTI3LjAuMC4xOjUxMDAk" frontendApiUrl="http://127.0.0.1:5100">
 *   <App />
 * </LatchkeyProvider>
 * ```
 */
export function LatchkeyProvider(props: LatchkeyProviderProps): ReactNode {
  const [latchkey] = useState<Latchkey>(() => {
    if (props.latchkey) return props.latchkey;
    if (!props.publishableKey) {
      throw new Error('<LatchkeyProvider> needs a publishableKey (or a latchkey instance).');
    }
    return new Latchkey(props.publishableKey, {
      ...props.options,
      ...(props.frontendApiUrl ? { frontendApiUrl: props.frontendApiUrl } : {}),
    });
  });
  useEffect(() => {
    latchkey.load().catch((error: unknown) => console.error('Latchkey failed to load', error));
  }, [latchkey]);
  return <LatchkeyContext.Provider value={latchkey}>{props.children}</LatchkeyContext.Provider>;
}
