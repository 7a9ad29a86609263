/**
 * Reading (never verifying) session JWTs: the SDK needs `iat`/`exp` for its timers and the
 * claims for `useAuth()`. Verification is the backend's job.
 */

/** Claims of a session token that the SDK reads (protocol §3.2–§3.4). */
export interface SessionClaims {
  /** Issue time, Unix seconds. */
  readonly iat: number;
  /** Expiry, Unix seconds. */
  readonly exp: number;
  /** User id. */
  readonly sub?: string;
  /** Session id. */
  readonly sid?: string;
  /** Issuer: the frontend API URL. */
  readonly iss?: string;
  /** Any other claim. */
  readonly [claim: string]: unknown;
}

/** A JWT split into its parts. */
export interface DecodedJwt {
  /** The compact token. */
  readonly raw: string;
  /** The JOSE header. */
  readonly header: Readonly<Record<string, unknown>>;
  /** The claims. */
  readonly claims: SessionClaims;
}

function decodeSegment(segment: string): unknown {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Decodes a compact JWT without verifying it. Returns `null` unless it has three parts,
 * JSON-object header and payload, and numeric `iat` and `exp` with `exp > iat`.
 * @param raw - the compact token
 */
export function decodeJwt(raw: string): DecodedJwt | null {
  if (typeof raw !== 'string') return null;
  const parts = raw.split('.');
  if (parts.length !== 3 || !parts[0] || !parts[1]) return null;
  try {
    const header = decodeSegment(parts[0]);
    const claims = decodeSegment(parts[1]);
    if (!isObject(header) || !isObject(claims)) return null;
    const { iat, exp } = claims;
    if (typeof iat !== 'number' || typeof exp !== 'number' || !(exp > iat)) return null;
    return { raw, header, claims: claims as SessionClaims };
  } catch {
    return null;
  }
}

/**
 * Freshness order of protocol §9.6: a higher header `oiat` wins, a token with `oiat` beats
 * one without, then the higher `iat` wins. Returns true when `a` is strictly fresher.
 */
export function isFresher(a: DecodedJwt, b: DecodedJwt): boolean {
  const ao = a.header['oiat'];
  const bo = b.header['oiat'];
  if (typeof ao === 'number' && typeof bo === 'number' && ao !== bo) return ao > bo;
  if (typeof ao === 'number' && typeof bo !== 'number') return true;
  if (typeof ao !== 'number' && typeof bo === 'number') return false;
  return a.claims.iat > b.claims.iat;
}
