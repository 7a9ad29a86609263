/**
 * Publishable keys (protocol §1.1) and the cookie suffix (§1.5).
 * @packageDocumentation
 */
import { LatchkeyError, ErrorCodes } from './errors.js';

/** `development` for `pk_test_` keys, `production` for `pk_live_` keys. */
export type InstanceType = 'development' | 'production';

/** What a publishable key says. */
export interface PublishableKey {
  /** The key exactly as given. */
  readonly key: string;
  /** Development or production instance. */
  readonly instanceType: InstanceType;
  /** The frontend API host (no scheme), e.g. `auth.example.com` or `127.0.0.1:5100`. */
  readonly frontendApi: string;
}

/**
 * Parses a publishable key: `pk_test_`/`pk_live_` then base64 of `<host>$` (padding
 * optional); the host must contain a dot and no `$`.
 * @param key - the publishable key
 * @throws {@link LatchkeyError} with code `invalid-publishable-key`
 * @example
 * ```ts
 * parsePublishableKey('pk_test_ZXhhbXBsZS5hY2NvdW50cy5kZXYk').frontendApi; // 'example.accounts.dev'
 * ```
 */
export function parsePublishableKey(key: string): PublishableKey {
  const fail = (why: string): never => {
    throw new LatchkeyError(ErrorCodes.InvalidPublishableKey, `Invalid publishable key: ${why}.`);
  };
  if (typeof key !== 'string') return fail('not a string');
  const parts = key.split('_');
  const [p0, p1, encoded] = parts;
  if (parts.length !== 3 || p0 !== 'pk' || (p1 !== 'test' && p1 !== 'live') || !encoded) {
    return fail('expected pk_test_<base64> or pk_live_<base64>');
  }
  let decoded: string;
  try {
    decoded = atob(encoded);
  } catch {
    return fail('the part after the prefix is not base64');
  }
  const host = decoded.slice(0, -1);
  if (!decoded.endsWith('$') || host.includes('$') || !host.includes('.')) {
    return fail('the encoded frontend API host must end with "$" and contain a dot');
  }
  return { key, instanceType: p1 === 'live' ? 'production' : 'development', frontendApi: host };
}

/**
 * The cookie suffix of a publishable key: the first 8 characters of the URL-safe base64 of
 * SHA-1 over the whole key (protocol §1.5). Uses WebCrypto, so it is asynchronous.
 * @param key - the publishable key exactly as configured
 * @example
 * ```ts
 * await cookieSuffix('pk_test_Y2xlcmsuY2xlcmsuZGV2JA'); // 'QvfNY2dr'
 * ```
 */
export async function cookieSuffix(key: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-1', new TextEncoder().encode(key));
  const base64 = btoa(String.fromCharCode(...new Uint8Array(digest)));
  return base64.replace(/\+/g, '-').replace(/\//g, '_').slice(0, 8);
}
