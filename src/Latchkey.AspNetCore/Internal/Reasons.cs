using Latchkey.Tokens;

namespace Latchkey.AspNetCore.Internal;

/// <summary>
/// The reason codes this package emits. The strings are the protocol's catalogue
/// (<c>Latchkey.Tokens.ReasonCodes</c>, protocol.md §4.2, §4.5, §5.7, §5.11); the three codes at the
/// end are Latchkey hardenings with no counterpart in the protocol (public in <see cref="LatchkeyReasonCodes"/>).
/// </summary>
internal static class Reasons
{
    public const string TokenExpired = ReasonCodes.TokenExpired;
    public const string TokenInvalid = ReasonCodes.TokenInvalid;
    public const string TokenInvalidAlgorithm = ReasonCodes.TokenInvalidAlgorithm;
    public const string TokenInvalidAuthorizedParties = ReasonCodes.TokenInvalidAuthorizedParties;
    public const string TokenInvalidIssuer = ReasonCodes.TokenInvalidIssuer;
    public const string TokenInvalidSignature = ReasonCodes.TokenInvalidSignature;
    public const string TokenNotActiveYet = ReasonCodes.TokenNotActiveYet;
    public const string TokenIatInTheFuture = ReasonCodes.TokenIatInTheFuture;
    public const string TokenVerificationFailed = ReasonCodes.TokenVerificationFailed;
    public const string SecretKeyInvalid = ReasonCodes.SecretKeyInvalid;
    public const string JwkLocalMissing = ReasonCodes.JwkLocalMissing;
    public const string JwkRemoteFailedToLoad = ReasonCodes.JwkRemoteFailedToLoad;
    public const string JwkRemoteInvalid = ReasonCodes.JwkRemoteInvalid;
    public const string JwkRemoteMissing = ReasonCodes.JwkRemoteMissing;
    public const string JwkFailedToResolve = ReasonCodes.JwkFailedToResolve;
    public const string JwkKidMismatch = ReasonCodes.JwkKidMismatch;

    public const string ClientUatButNoSessionToken = ReasonCodes.ClientUatButNoSessionToken;
    public const string DevBrowserMissing = ReasonCodes.DevBrowserMissing;
    public const string DevBrowserSync = ReasonCodes.DevBrowserSync;
    public const string PrimaryRespondsToSyncing = ReasonCodes.PrimaryRespondsToSyncing;
    public const string PrimaryDomainCrossOriginSync = ReasonCodes.PrimaryDomainCrossOriginSync;
    public const string SatelliteNeedsSyncing = ReasonCodes.SatelliteNeedsSyncing;
    public const string SessionTokenAndUatMissing = ReasonCodes.SessionTokenAndUatMissing;
    public const string SessionTokenMissing = ReasonCodes.SessionTokenMissing;
    public const string SessionTokenExpired = ReasonCodes.SessionTokenExpired;
    public const string SessionTokenIatBeforeClientUat = ReasonCodes.SessionTokenIatBeforeClientUat;
    public const string SessionTokenNbf = ReasonCodes.SessionTokenNbf;
    public const string SessionTokenIatInTheFuture = ReasonCodes.SessionTokenIatInTheFuture;
    public const string SessionTokenButNoClientUat = ReasonCodes.SessionTokenButNoClientUat;
    public const string ActiveOrganizationMismatch = ReasonCodes.ActiveOrganizationMismatch;
    public const string TokenTypeMismatch = ReasonCodes.TokenTypeMismatch;
    public const string UnexpectedError = ReasonCodes.UnexpectedError;
    public const string NoTokenInHeader = ReasonCodes.NoTokenInHeader;

    public const string RefreshNonEligibleNoRefreshCookie = ReasonCodes.RefreshNonEligibleNoRefreshCookie;
    public const string RefreshNonEligibleNonGet = ReasonCodes.RefreshNonEligibleNonGet;
    public const string RefreshInvalidSessionToken = ReasonCodes.RefreshInvalidSessionToken;
    public const string RefreshMissingApiClient = ReasonCodes.RefreshMissingApiClient;
    public const string RefreshMissingSessionToken = ReasonCodes.RefreshMissingSessionToken;
    public const string RefreshMissingRefreshToken = ReasonCodes.RefreshMissingRefreshToken;
    public const string RefreshExpiredSessionTokenDecodeFailed = ReasonCodes.RefreshExpiredSessionTokenDecodeFailed;
    public const string RefreshExpiredSessionTokenMissingSidClaim = ReasonCodes.RefreshExpiredSessionTokenMissingSidClaim;
    public const string RefreshFetchError = ReasonCodes.RefreshFetchError;
    public const string RefreshUnexpectedSdkError = ReasonCodes.RefreshUnexpectedSdkError;
    public const string RefreshUnexpectedBapiError = ReasonCodes.RefreshUnexpectedBapiError;

    public const string RedirectUrlNotAllowed = LatchkeyReasonCodes.RedirectUrlNotAllowed;
    public const string SessionRevoked = LatchkeyReasonCodes.SessionRevoked;
    public const string SessionPending = LatchkeyReasonCodes.SessionPending;

    public static string SessionTokenExpiredRefresh(string refreshError) => ReasonCodes.SessionTokenExpiredRefresh(refreshError);
}
