namespace Latchkey.AspNetCore.Internal;

/// <summary>
/// The reason codes this package emits. The strings are the protocol's catalogue
/// (<c>Latchkey.Tokens.ReasonCodes</c>, protocol.md §4.2, §4.5, §5.7, §5.11); the two codes at the
/// end are Latchkey hardenings with no counterpart in the protocol.
/// </summary>
internal static class Reasons
{
    public const string TokenExpired = "token-expired";
    public const string TokenInvalid = "token-invalid";
    public const string TokenInvalidAlgorithm = "token-invalid-algorithm";
    public const string TokenInvalidAuthorizedParties = "token-invalid-authorized-parties";
    public const string TokenInvalidIssuer = "token-invalid-issuer";
    public const string TokenInvalidSignature = "token-invalid-signature";
    public const string TokenNotActiveYet = "token-not-active-yet";
    public const string TokenIatInTheFuture = "token-iat-in-the-future";
    public const string TokenVerificationFailed = "token-verification-failed";
    public const string SecretKeyInvalid = "secret-key-invalid";
    public const string JwkLocalMissing = "jwk-local-missing";
    public const string JwkRemoteFailedToLoad = "jwk-remote-failed-to-load";
    public const string JwkRemoteInvalid = "jwk-remote-invalid";
    public const string JwkRemoteMissing = "jwk-remote-missing";
    public const string JwkFailedToResolve = "jwk-failed-to-resolve";
    public const string JwkKidMismatch = "jwk-kid-mismatch";

    public const string ClientUatButNoSessionToken = "client-uat-but-no-session-token";
    public const string DevBrowserMissing = "dev-browser-missing";
    public const string DevBrowserSync = "dev-browser-sync";
    public const string PrimaryRespondsToSyncing = "primary-responds-to-syncing";
    public const string PrimaryDomainCrossOriginSync = "primary-domain-cross-origin-sync";
    public const string SatelliteNeedsSyncing = "satellite-needs-syncing";
    public const string SessionTokenAndUatMissing = "session-token-and-uat-missing";
    public const string SessionTokenMissing = "session-token-missing";
    public const string SessionTokenExpired = "session-token-expired";
    public const string SessionTokenIatBeforeClientUat = "session-token-iat-before-client-uat";
    public const string SessionTokenNbf = "session-token-nbf";
    public const string SessionTokenIatInTheFuture = "session-token-iat-in-the-future";
    public const string SessionTokenButNoClientUat = "session-token-but-no-client-uat";
    public const string ActiveOrganizationMismatch = "active-organization-mismatch";
    public const string TokenTypeMismatch = "token-type-mismatch";
    public const string UnexpectedError = "unexpected-error";
    public const string NoTokenInHeader = "No token in header";

    public const string RefreshNonEligibleNoRefreshCookie = "non-eligible-no-refresh-cookie";
    public const string RefreshNonEligibleNonGet = "non-eligible-non-get";
    public const string RefreshInvalidSessionToken = "invalid-session-token";
    public const string RefreshMissingApiClient = "missing-api-client";
    public const string RefreshMissingSessionToken = "missing-session-token";
    public const string RefreshMissingRefreshToken = "missing-refresh-token";
    public const string RefreshExpiredSessionTokenDecodeFailed = "expired-session-token-decode-failed";
    public const string RefreshExpiredSessionTokenMissingSidClaim = "expired-session-token-missing-sid-claim";
    public const string RefreshFetchError = "fetch-error";
    public const string RefreshUnexpectedSdkError = "unexpected-sdk-error";
    public const string RefreshUnexpectedBapiError = "unexpected-bapi-error";

    /// <summary>Latchkey: a redirect target taken from the request is not an allowed origin (never follow it, never send a token there).</summary>
    public const string RedirectUrlNotAllowed = "redirect-url-not-allowed";

    /// <summary>Latchkey: the session of a valid token was revoked (revocation feed, before the token expires).</summary>
    public const string SessionRevoked = "session-revoked";

    public static string SessionTokenExpiredRefresh(string refreshError) => SessionTokenExpired + "-refresh-" + refreshError;
}
