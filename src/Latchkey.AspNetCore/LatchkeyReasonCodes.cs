using Latchkey.Tokens;

namespace Latchkey.AspNetCore;

/// <summary>
/// The reason codes this package reports (in <see cref="LatchkeyRequestState.Reason"/>, in
/// <c>LatchkeyAuth.Reason</c>, in <c>x-clerk-auth-reason</c> and in a 401's
/// <c>WWW-Authenticate</c>): the protocol's catalogue (<see cref="ReasonCodes"/>) plus three
/// Latchkey hardenings. An expired session token is reported with the composite
/// <c>session-token-expired-refresh-&lt;x&gt;</c>, where <c>x</c> is one of
/// <see cref="ReasonCodes.RefreshErrors"/> or a Backend API error code.
/// </summary>
public static class LatchkeyReasonCodes
{
    /// <summary>A redirect target taken from the request is not an allowed origin: it is never followed and never receives a token (<c>redirect-url-not-allowed</c>).</summary>
    public const string RedirectUrlNotAllowed = "redirect-url-not-allowed";

    /// <summary>The session of a valid token was revoked, as an <c>IRevocationSource</c> reported, before the token expired (<c>session-revoked</c>).</summary>
    public const string SessionRevoked = "session-revoked";

    /// <summary>The token is valid but its session is pending (<c>sts</c>, protocol §3.5) and pending sessions are treated as signed out (<c>session-pending</c>).</summary>
    public const string SessionPending = "session-pending";

    /// <summary>The codes Latchkey adds to the protocol's catalogue.</summary>
    public static IReadOnlyList<string> LatchkeyOnly { get; } = [RedirectUrlNotAllowed, SessionRevoked, SessionPending];

    /// <summary>Every code: <see cref="ReasonCodes.All"/> then <see cref="LatchkeyOnly"/> (composite expiry reasons are built from <see cref="ReasonCodes.SessionTokenExpired"/>).</summary>
    public static IReadOnlyList<string> All { get; } = [.. ReasonCodes.All, .. LatchkeyOnly];

    /// <summary>
    /// Splits a composite expiry reason: for <c>session-token-expired-refresh-non-eligible-non-get</c>
    /// returns true and <c>non-eligible-non-get</c>; false for any other code.
    /// </summary>
    /// <param name="reason">A reason code.</param>
    /// <param name="refreshError">The refresh error (a <see cref="ReasonCodes.RefreshErrors"/> entry or a Backend API error code).</param>
    public static bool TryGetRefreshError(string? reason, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? refreshError)
    {
        const string Prefix = ReasonCodes.SessionTokenExpired + "-refresh-";
        if (reason is not null && reason.Length > Prefix.Length && reason.StartsWith(Prefix, StringComparison.Ordinal))
        {
            refreshError = reason[Prefix.Length..];
            return true;
        }

        refreshError = null;
        return false;
    }
}
