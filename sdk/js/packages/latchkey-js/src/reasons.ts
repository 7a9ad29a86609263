/**
 * The request-state catalogue shared with the .NET packages (protocol §4.2, §5.10, §5.11):
 * statuses, reason codes and the headers that carry them. The strings are the wire values;
 * backends, logs and tests match on them exactly.
 * @packageDocumentation
 */

/** The three states a backend gives a request (protocol §5.10). */
export const AuthStatus = {
  /** A token verified. */
  SignedIn: 'signed-in',
  /** No credential, or a credential that failed; the reason says why. */
  SignedOut: 'signed-out',
  /** A page navigation with stale cookies: the backend redirects through the handshake. */
  Handshake: 'handshake',
} as const;

/** One of the {@link AuthStatus} strings. */
export type AuthStatus = (typeof AuthStatus)[keyof typeof AuthStatus];

/** Where the backend found the session token. */
export const TokenCarrier = {
  /** `Authorization: Bearer <jwt>`. */
  Header: 'header',
  /** The `__session` cookie. */
  Cookie: 'cookie',
} as const;

/** One of the {@link TokenCarrier} strings. */
export type TokenCarrier = (typeof TokenCarrier)[keyof typeof TokenCarrier];

/** Token-verification reasons (protocol §4.2) and machine-token codes (§4.5). */
export const TokenReasons = {
  TokenExpired: 'token-expired',
  TokenInvalid: 'token-invalid',
  TokenInvalidAlgorithm: 'token-invalid-algorithm',
  TokenInvalidAuthorizedParties: 'token-invalid-authorized-parties',
  TokenInvalidIssuer: 'token-invalid-issuer',
  TokenInvalidSignature: 'token-invalid-signature',
  TokenNotActiveYet: 'token-not-active-yet',
  TokenIatInTheFuture: 'token-iat-in-the-future',
  TokenVerificationFailed: 'token-verification-failed',
  SecretKeyInvalid: 'secret-key-invalid',
  JwkLocalMissing: 'jwk-local-missing',
  JwkRemoteFailedToLoad: 'jwk-remote-failed-to-load',
  JwkRemoteInvalid: 'jwk-remote-invalid',
  JwkRemoteMissing: 'jwk-remote-missing',
  JwkFailedToResolve: 'jwk-failed-to-resolve',
  JwkKidMismatch: 'jwk-kid-mismatch',
  UnexpectedError: 'unexpected-error',
} as const;

/** Request-state reasons of the decision procedure (protocol §5.11). */
export const AuthReasons = {
  ClientUatButNoSessionToken: 'client-uat-but-no-session-token',
  DevBrowserMissing: 'dev-browser-missing',
  DevBrowserSync: 'dev-browser-sync',
  PrimaryRespondsToSyncing: 'primary-responds-to-syncing',
  PrimaryDomainCrossOriginSync: 'primary-domain-cross-origin-sync',
  SatelliteNeedsSyncing: 'satellite-needs-syncing',
  SessionTokenAndUatMissing: 'session-token-and-uat-missing',
  SessionTokenMissing: 'session-token-missing',
  /** Prefix: the full reason is `session-token-expired-refresh-<refresh reason>`. */
  SessionTokenExpired: 'session-token-expired',
  SessionTokenIatBeforeClientUat: 'session-token-iat-before-client-uat',
  SessionTokenNbf: 'session-token-nbf',
  SessionTokenIatInTheFuture: 'session-token-iat-in-the-future',
  SessionTokenButNoClientUat: 'session-token-but-no-client-uat',
  ActiveOrganizationMismatch: 'active-organization-mismatch',
  TokenTypeMismatch: 'token-type-mismatch',
  UnexpectedError: 'unexpected-error',
  /** Literal text the protocol uses when a machine-token endpoint gets no header. */
  NoTokenInHeader: 'No token in header',
} as const;

/** Why a server-side refresh did not happen; suffix of `session-token-expired-refresh-…` (§5.7). */
export const RefreshReasons = {
  NonEligibleNoRefreshCookie: 'non-eligible-no-refresh-cookie',
  NonEligibleNonGet: 'non-eligible-non-get',
  InvalidSessionToken: 'invalid-session-token',
  MissingApiClient: 'missing-api-client',
  MissingSessionToken: 'missing-session-token',
  MissingRefreshToken: 'missing-refresh-token',
  ExpiredSessionTokenDecodeFailed: 'expired-session-token-decode-failed',
  ExpiredSessionTokenMissingSidClaim: 'expired-session-token-missing-sid-claim',
  FetchError: 'fetch-error',
  UnexpectedSdkError: 'unexpected-sdk-error',
  UnexpectedBapiError: 'unexpected-bapi-error',
} as const;

/** One of the {@link TokenReasons} strings. */
export type TokenReason = (typeof TokenReasons)[keyof typeof TokenReasons];
/** One of the {@link AuthReasons} strings. */
export type AuthReason = (typeof AuthReasons)[keyof typeof AuthReasons];
/** One of the {@link RefreshReasons} strings. */
export type RefreshReason = (typeof RefreshReasons)[keyof typeof RefreshReasons];
/** Any reason a backend may report (composite `session-token-expired-refresh-*` included). */
export type Reason = TokenReason | AuthReason | `session-token-expired-refresh-${string}`;

/** Response headers through which backends report the request state (protocol §5.12). */
export const AuthHeaders = {
  Status: 'x-clerk-auth-status',
  Reason: 'x-clerk-auth-reason',
  Message: 'x-clerk-auth-message',
  WwwAuthenticate: 'www-authenticate',
} as const;

/**
 * Reads the reason code a backend gave a response: the `error_description` of
 * `WWW-Authenticate: Bearer error="invalid_token", error_description="<reason>"`, else the
 * `x-clerk-auth-reason` header. Returns `null` when neither is there (or CORS hides them).
 * @param response - any fetch response
 */
export function readAuthReason(response: Pick<Response, 'headers'>): string | null {
  const www = response.headers.get('www-authenticate');
  const match = www === null ? null : /error_description="([^"]*)"/i.exec(www);
  return match?.[1] ?? response.headers.get('x-clerk-auth-reason');
}

/**
 * True when a reason says the token was merely too old, so a freshly minted token would
 * succeed: `token-expired` and every `session-token-expired…` composite.
 * @param reason - a reason code, e.g. from {@link readAuthReason}
 */
export function isExpiredTokenReason(reason: string | null | undefined): boolean {
  // Literals, not the catalogue objects, so the script-tag bundle does not carry the catalogue.
  return reason === 'token-expired' || (typeof reason === 'string' && reason.startsWith('session-token-expired'));
}
