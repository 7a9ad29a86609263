namespace Latchkey.Tokens;

/// <summary>
/// The catalogue of stable reason codes: every token-verification reason (protocol §4.2, plus
/// the machine-token codes of §4.5) and every request-state reason (protocol §5.11, with the
/// refresh-error suffixes of §5.7). The strings are wire facts: Clerk's SDKs, the TypeScript
/// SDK and log tooling match on them, so they never change. Each one is documented in
/// <c>docs/reason-codes.md</c> (meaning, typical cause, what to do).
/// </summary>
public static class ReasonCodes
{
    // ---- Token verification (protocol §4.2) ----

    /// <summary>The token's <c>exp</c> is in the past (beyond the clock skew).</summary>
    public const string TokenExpired = "token-expired";

    /// <summary>The token is not a well-formed JWS compact token of the expected kind (structure, base64url, JSON, header, <c>typ</c>, <c>cat</c>).</summary>
    public const string TokenInvalid = "token-invalid";

    /// <summary>The header <c>alg</c> is outside the allow-list, or not allowed for the key that matched the <c>kid</c>.</summary>
    public const string TokenInvalidAlgorithm = "token-invalid-algorithm";

    /// <summary>The token's <c>azp</c> is missing or not one of the configured authorized parties.</summary>
    public const string TokenInvalidAuthorizedParties = "token-invalid-authorized-parties";

    /// <summary>The token's <c>iss</c> is missing or not exactly one of the configured issuers.</summary>
    public const string TokenInvalidIssuer = "token-invalid-issuer";

    /// <summary>The signature does not verify with the key selected by <c>kid</c>.</summary>
    public const string TokenInvalidSignature = "token-invalid-signature";

    /// <summary>The token's <c>nbf</c> is in the future (beyond the clock skew).</summary>
    public const string TokenNotActiveYet = "token-not-active-yet";

    /// <summary>The token's <c>iat</c> is in the future (beyond the clock skew).</summary>
    public const string TokenIatInTheFuture = "token-iat-in-the-future";

    /// <summary>A claim failed verification after the signature held (missing or mistyped <c>sub</c>, <c>exp</c>, <c>aud</c>, ...).</summary>
    public const string TokenVerificationFailed = "token-verification-failed";

    /// <summary>The Backend API refused the secret key (when fetching the JWKS or verifying a machine token).</summary>
    public const string SecretKeyInvalid = "secret-key-invalid";

    /// <summary>Networkless mode was requested but no PEM public key is configured.</summary>
    public const string JwkLocalMissing = "jwk-local-missing";

    /// <summary>The remote JWKS could not be fetched, or held no keys.</summary>
    public const string JwkRemoteFailedToLoad = "jwk-remote-failed-to-load";

    /// <summary>The remote JWKS was fetched but is not a valid JWK Set.</summary>
    public const string JwkRemoteInvalid = "jwk-remote-invalid";

    /// <summary>The remote JWKS holds no key usable for the token.</summary>
    public const string JwkRemoteMissing = "jwk-remote-missing";

    /// <summary>Neither a PEM public key nor a secret key (for the remote JWKS) is configured.</summary>
    public const string JwkFailedToResolve = "jwk-failed-to-resolve";

    /// <summary>No key of the key set has exactly the token's <c>kid</c> (after a refetch, for a remote JWKS).</summary>
    public const string JwkKidMismatch = "jwk-kid-mismatch";

    // ---- Request states (protocol §5.11) ----

    /// <summary><c>__client_uat</c> says signed in, but there is no <c>__session</c> cookie.</summary>
    public const string ClientUatButNoSessionToken = "client-uat-but-no-session-token";

    /// <summary>Development instance: no dev-browser token (<c>__clerk_db_jwt</c>) on the request.</summary>
    public const string DevBrowserMissing = "dev-browser-missing";

    /// <summary>Development instance: a dev-browser token arrived in the query and must be synced into a cookie.</summary>
    public const string DevBrowserSync = "dev-browser-sync";

    /// <summary>The primary domain answers a satellite's sync request (<c>__clerk_redirect_url</c>).</summary>
    public const string PrimaryRespondsToSyncing = "primary-responds-to-syncing";

    /// <summary>A document navigation arrived on the primary domain from another origin (a satellite) and needs a handshake.</summary>
    public const string PrimaryDomainCrossOriginSync = "primary-domain-cross-origin-sync";

    /// <summary>A satellite domain has no session state yet and must sync with the primary domain.</summary>
    public const string SatelliteNeedsSyncing = "satellite-needs-syncing";

    /// <summary>Neither <c>__session</c> nor a non-zero <c>__client_uat</c>: the browser is signed out.</summary>
    public const string SessionTokenAndUatMissing = "session-token-and-uat-missing";

    /// <summary>A handshake completed but returned no session cookie.</summary>
    public const string SessionTokenMissing = "session-token-missing";

    /// <summary>Prefix of the composite reason <c>session-token-expired-refresh-&lt;refresh error&gt;</c>; see <see cref="SessionTokenExpiredRefresh"/>.</summary>
    public const string SessionTokenExpired = "session-token-expired";

    /// <summary>The cookie token was minted before the last client change (<c>iat</c> &lt; <c>__client_uat</c>).</summary>
    public const string SessionTokenIatBeforeClientUat = "session-token-iat-before-client-uat";

    /// <summary>The cookie token is not valid yet (<c>nbf</c> in the future).</summary>
    public const string SessionTokenNbf = "session-token-nbf";

    /// <summary>The cookie token's <c>iat</c> is in the future.</summary>
    public const string SessionTokenIatInTheFuture = "session-token-iat-in-the-future";

    /// <summary>A <c>__session</c> cookie is present but <c>__client_uat</c> is missing or zero.</summary>
    public const string SessionTokenButNoClientUat = "session-token-but-no-client-uat";

    /// <summary>The URL asks for another active organization than the token carries (organization sync).</summary>
    public const string ActiveOrganizationMismatch = "active-organization-mismatch";

    /// <summary>The credential is of another kind than accepted (machine token, template or M2M category).</summary>
    public const string TokenTypeMismatch = "token-type-mismatch";

    /// <summary>An unexpected error occurred while classifying the request.</summary>
    public const string UnexpectedError = "unexpected-error";

    /// <summary>A machine-token path was requested but the request has no <c>Authorization</c> token (the protocol's literal string).</summary>
    public const string NoTokenInHeader = "No token in header";

    // ---- Refresh errors (protocol §5.7), the suffix of session-token-expired-refresh-<x> ----

    /// <summary>Refresh not attempted: no <c>__refresh_&lt;suffix&gt;</c> cookie.</summary>
    public const string RefreshNonEligibleNoRefreshCookie = "non-eligible-no-refresh-cookie";

    /// <summary>Refresh not attempted: the request is not a GET.</summary>
    public const string RefreshNonEligibleNonGet = "non-eligible-non-get";

    /// <summary>Refresh returned a session token that does not verify.</summary>
    public const string RefreshInvalidSessionToken = "invalid-session-token";

    /// <summary>Refresh impossible: no Backend API client configured.</summary>
    public const string RefreshMissingApiClient = "missing-api-client";

    /// <summary>Refresh impossible: no expired session token on the request.</summary>
    public const string RefreshMissingSessionToken = "missing-session-token";

    /// <summary>Refresh impossible: no refresh token on the request.</summary>
    public const string RefreshMissingRefreshToken = "missing-refresh-token";

    /// <summary>Refresh impossible: the expired session token does not decode.</summary>
    public const string RefreshExpiredSessionTokenDecodeFailed = "expired-session-token-decode-failed";

    /// <summary>Refresh impossible: the expired session token has no <c>sid</c>.</summary>
    public const string RefreshExpiredSessionTokenMissingSidClaim = "expired-session-token-missing-sid-claim";

    /// <summary>Refresh failed: the Backend API answered <c>unexpected_error</c>.</summary>
    public const string RefreshFetchError = "fetch-error";

    /// <summary>Refresh failed inside the SDK.</summary>
    public const string RefreshUnexpectedSdkError = "unexpected-sdk-error";

    /// <summary>Refresh failed with a non-API error from the Backend API call.</summary>
    public const string RefreshUnexpectedBapiError = "unexpected-bapi-error";

    /// <summary>Every token-verification reason (protocol §4.2).</summary>
    public static IReadOnlyList<string> TokenVerification { get; } =
    [
        TokenExpired, TokenInvalid, TokenInvalidAlgorithm, TokenInvalidAuthorizedParties,
        TokenInvalidIssuer, TokenInvalidSignature, TokenNotActiveYet, TokenIatInTheFuture,
        TokenVerificationFailed, SecretKeyInvalid, JwkLocalMissing, JwkRemoteFailedToLoad,
        JwkRemoteInvalid, JwkRemoteMissing, JwkFailedToResolve, JwkKidMismatch,
    ];

    /// <summary>Every request-state reason of protocol §5.11 that is not a verification reason.</summary>
    public static IReadOnlyList<string> RequestState { get; } =
    [
        ClientUatButNoSessionToken, DevBrowserMissing, DevBrowserSync, PrimaryRespondsToSyncing,
        PrimaryDomainCrossOriginSync, SatelliteNeedsSyncing, SessionTokenAndUatMissing,
        SessionTokenMissing, SessionTokenExpired, SessionTokenIatBeforeClientUat, SessionTokenNbf,
        SessionTokenIatInTheFuture, SessionTokenButNoClientUat, ActiveOrganizationMismatch,
        TokenTypeMismatch, UnexpectedError, NoTokenInHeader,
    ];

    /// <summary>Every refresh-error suffix of protocol §5.7 (a Backend API error code may also appear verbatim).</summary>
    public static IReadOnlyList<string> RefreshErrors { get; } =
    [
        RefreshNonEligibleNoRefreshCookie, RefreshNonEligibleNonGet, RefreshInvalidSessionToken,
        RefreshMissingApiClient, RefreshMissingSessionToken, RefreshMissingRefreshToken,
        RefreshExpiredSessionTokenDecodeFailed, RefreshExpiredSessionTokenMissingSidClaim,
        RefreshFetchError, RefreshUnexpectedSdkError, RefreshUnexpectedBapiError,
    ];

    /// <summary>The whole catalogue: <see cref="TokenVerification"/> then <see cref="RequestState"/> (no duplicates).</summary>
    public static IReadOnlyList<string> All { get; } = [.. TokenVerification, .. RequestState];

    /// <summary>
    /// Builds the composite reason of an expired session token (protocol §5.7), e.g.
    /// <c>session-token-expired-refresh-non-eligible-no-refresh-cookie</c>.
    /// </summary>
    /// <param name="refreshError">One of <see cref="RefreshErrors"/>, or a Backend API error code.</param>
    public static string SessionTokenExpiredRefresh(string refreshError)
    {
        ArgumentException.ThrowIfNullOrEmpty(refreshError);
        return SessionTokenExpired + "-refresh-" + refreshError;
    }
}
