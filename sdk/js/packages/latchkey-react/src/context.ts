import { createContext, useContext } from 'react';
import type { Latchkey } from '@latchkey/js';

/** @internal The instance of the nearest {@link LatchkeyProvider}. */
export const LatchkeyContext = createContext<Latchkey | null>(null);

/**
 * The {@link Latchkey} instance of the nearest `<LatchkeyProvider>`.
 * @param hook - name used in the error message
 * @throws Error when there is no provider above the caller
 */
export function useLatchkey(hook = 'useLatchkey'): Latchkey {
  const latchkey = useContext(LatchkeyContext);
  if (!latchkey) {
    throw new Error(`${hook}() must be used inside <LatchkeyProvider>. Wrap your app: <LatchkeyProvider publishableKey="pk_…">…</LatchkeyProvider>.`);
  }
  return latchkey;
}
