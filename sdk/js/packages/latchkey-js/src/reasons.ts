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
  /** The token's `exp` has passed (beyond the clock skew). */
  TokenExpired: 'token-expired',
  /** The token is malformed, of the wrong type, or of a wrong category. */
  TokenInvalid: 'token-invalid',
  /** The header `alg` is not allowed for the key. */
  TokenInvalidAlgorithm: 'token-invalid-algorithm',
  /** `azp` is missing or not an authorized party. */
  TokenInvalidAuthorizedParties: 'token-invalid-authorized-parties',
  /** `iss` is not the instance's frontend API URL. */
  TokenInvalidIssuer: 'token-invalid-issuer',
  /** The signature does not verify. */
  TokenInvalidSignature: 'token-invalid-signature',
  /** `nbf` is in the future (beyond the clock skew). */
  TokenNotActiveYet: 'token-not-active-yet',
  /** `iat` is in the future (beyond the clock skew). */
  TokenIatInTheFuture: 'token-iat-in-the-future',
  /** A claim has a wrong type or value (e.g. `sub` not a string). */
  TokenVerificationFailed: 'token-verification-failed',
  /** The backend's secret key was refused. */
  SecretKeyInvalid: 'secret-key-invalid',
  /** Networkless mode without a configured public key. */
  JwkLocalMissing: 'jwk-local-missing',
  /** The JWKS could not be fetched. */
  JwkRemoteFailedToLoad: 'jwk-remote-failed-to-load',
  /** The fetched JWKS is not valid. */
  JwkRemoteInvalid: 'jwk-remote-invalid',
  /** The fetched JWKS has no usable key. */
  JwkRemoteMissing: 'jwk-remote-missing',
  /** Neither a public key nor a secret key is configured. */
  JwkFailedToResolve: 'jwk-failed-to-resolve',
  /** No key has the token's `kid`, even after a refetch. */
  JwkKidMismatch: 'jwk-kid-mismatch',
  /** An error that is not a token verification failure. */
  UnexpectedError: 'unexpected-error',
} as const;

/** Request-state reasons of the decision procedure (protocol §5.11). */
export const AuthReasons = {
  /** `__client_uat` says signed in but there is no `__session`. */
  ClientUatButNoSessionToken: 'client-uat-but-no-session-token',
  /** Development instance request without a dev browser. */
  DevBrowserMissing: 'dev-browser-missing',
  /** `__clerk_db_jwt` arrived in the URL; cookies are re-synced. */
  DevBrowserSync: 'dev-browser-sync',
  /** The primary domain answers a satellite's sync request. */
  PrimaryRespondsToSyncing: 'primary-responds-to-syncing',
  /** A navigation arrived at the primary from another site while signed in. */
  PrimaryDomainCrossOriginSync: 'primary-domain-cross-origin-sync',
  /** A satellite domain must sync its session from the primary. */
  SatelliteNeedsSyncing: 'satellite-needs-syncing',
  /** Neither `__session` nor `__client_uat`: plainly signed out. */
  SessionTokenAndUatMissing: 'session-token-and-uat-missing',
  /** The handshake returned no session cookie. */
  SessionTokenMissing: 'session-token-missing',
  /** Prefix: the full reason is `session-token-expired-refresh-<refresh reason>`. */
  SessionTokenExpired: 'session-token-expired',
  /** The cookie token predates the last client change. */
  SessionTokenIatBeforeClientUat: 'session-token-iat-before-client-uat',
  /** The session token is not valid yet (`nbf`). */
  SessionTokenNbf: 'session-token-nbf',
  /** The session token's `iat` is in the future. */
  SessionTokenIatInTheFuture: 'session-token-iat-in-the-future',
  /** A `__session` cookie without `__client_uat`. */
  SessionTokenButNoClientUat: 'session-token-but-no-client-uat',
  /** The URL asks for another organization than the token's. */
  ActiveOrganizationMismatch: 'active-organization-mismatch',
  /** A machine or template token where a session token was expected. */
  TokenTypeMismatch: 'token-type-mismatch',
  /** An error that is not a token verification failure. */
  UnexpectedError: 'unexpected-error',
  /** Literal text the protocol uses when a machine-token endpoint gets no header. */
  NoTokenInHeader: 'No token in header',
} as const;

/** Why a server-side refresh did not happen; suffix of `session-token-expired-refresh-…` (§5.7). */
export const RefreshReasons = {
  /** No `__refresh_<suffix>` cookie. */
  NonEligibleNoRefreshCookie: 'non-eligible-no-refresh-cookie',
  /** Refresh is only tried on GET requests. */
  NonEligibleNonGet: 'non-eligible-non-get',
  /** The refreshed token did not verify. */
  InvalidSessionToken: 'invalid-session-token',
  /** No Backend API client configured. */
  MissingApiClient: 'missing-api-client',
  /** No expired token to refresh. */
  MissingSessionToken: 'missing-session-token',
  /** No refresh token. */
  MissingRefreshToken: 'missing-refresh-token',
  /** The expired token could not be decoded. */
  ExpiredSessionTokenDecodeFailed: 'expired-session-token-decode-failed',
  /** The expired token has no `sid`. */
  ExpiredSessionTokenMissingSidClaim: 'expired-session-token-missing-sid-claim',
  /** The Backend API could not be reached. */
  FetchError: 'fetch-error',
  /** An unexpected error in the SDK. */
  UnexpectedSdkError: 'unexpected-sdk-error',
  /** An unexpected Backend API error. */
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
  /** `signed-out` or `handshake`. */
  Status: 'x-clerk-auth-status',
  /** The reason code. */
  Reason: 'x-clerk-auth-reason',
  /** A human-readable message. */
  Message: 'x-clerk-auth-message',
  /** `Bearer error="invalid_token", error_description="<reason>"` on API 401s. */
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
