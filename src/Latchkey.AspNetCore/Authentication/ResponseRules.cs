using Latchkey.AspNetCore.Internal;

namespace Latchkey.AspNetCore.Authentication;

/// <summary>
/// The rules that turn a request state into a response: when the handler redirects, which state
/// headers it writes, when a signed-in state counts as signed out, and the RFC 6750 challenge. The
/// handler and <see cref="LatchkeyRequestClassifier.DescribeResponse"/> both use them, so what a
/// tool describes is what the handler does.
/// </summary>
internal static class ResponseRules
{
    /// <summary>
    /// Whether a state with a <c>Location</c> is answered with a 307 while authenticating: the
    /// development clean-up redirect always; a handshake by <paramref name="mode"/>.
    /// </summary>
    public static bool ShouldRedirect(LatchkeyRequestState state, LatchkeyHandshakeMode mode, Func<bool> isProtectedEndpoint)
    {
        if (state.Location is null)
        {
            return false;
        }

        if (state.Status != LatchkeyAuthStatus.Handshake)
        {
            return true; // the development clean-up redirect ends a handshake this app started.
        }

        return mode switch
        {
            LatchkeyHandshakeMode.AllNavigations => true,
            LatchkeyHandshakeMode.ProtectedEndpointsOnly => isProtectedEndpoint(),
            _ => false,
        };
    }

    /// <summary>
    /// Whether a state header is written. A redirect writes them all; otherwise the redirect-only
    /// headers (Location, Cache-Control, the loop counter of an unanswered handshake) are left out.
    /// Debug headers (<c>x-clerk-auth-*</c>) only when enabled.
    /// </summary>
    public static bool ShouldWrite(string name, bool handshake, bool redirect, bool debugHeaders)
    {
        var isDebug = name.StartsWith("x-clerk-auth-", StringComparison.OrdinalIgnoreCase);
        if (isDebug)
        {
            return debugHeaders;
        }

        return redirect || !(handshake
            || string.Equals(name, Names.Headers.Location, StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, Names.Headers.CacheControl, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A signed-in state whose session is pending, presented as signed out (protocol §3.5).</summary>
    public static bool IsPendingSignedOut(LatchkeyRequestState state, bool treatPendingAsSignedOut) =>
        state.IsSignedIn && treatPendingAsSignedOut && state.SessionClaims is { SessionStatus: "pending" };

    /// <summary>The reason given in a challenge: the state's, or <c>session-pending</c> for a pending session.</summary>
    public static string ChallengeReason(LatchkeyRequestState state) =>
        state.IsSignedIn ? Reasons.SessionPending : state.Reason ?? Reasons.UnexpectedError;

    /// <summary>
    /// <c>Bearer error="invalid_token", error_description="&lt;reason&gt;"</c> (RFC 6750 §3), without
    /// <c>error</c> when the request carried no credential at all (§3.1: no error code then).
    /// </summary>
    public static string WwwAuthenticate(string reason)
    {
        var description = "error_description=\"" + QuoteSafe(reason) + "\"";
        return reason is Reasons.SessionTokenAndUatMissing or Reasons.NoTokenInHeader
            ? Names.BearerScheme + " " + description
            : Names.BearerScheme + " error=\"invalid_token\", " + description;
    }

    /// <summary>The handler's answer for <paramref name="state"/> with the default events.</summary>
    public static LatchkeyResponseDescription Describe(
        LatchkeyRequestState state,
        LatchkeyHandshakeMode mode,
        bool debugHeaders,
        bool treatPendingAsSignedOut,
        bool protectedEndpoint)
    {
        var handshake = state.Status == LatchkeyAuthStatus.Handshake;
        var pendingOut = IsPendingSignedOut(state, treatPendingAsSignedOut);
        var signedIn = state.IsSignedIn && !pendingOut;
        var reason = signedIn ? null : pendingOut ? Reasons.SessionPending : state.Reason ?? Reasons.UnexpectedError;
        var headers = new List<KeyValuePair<string, string>>();
        var redirect = ShouldRedirect(state, mode, () => protectedEndpoint);
        foreach (var (name, value) in state.Headers)
        {
            if (ShouldWrite(name, handshake, redirect, debugHeaders))
            {
                headers.Add(new(name, value));
            }
        }

        if (redirect)
        {
            return new LatchkeyResponseDescription(307, headers, signedIn, reason);
        }

        if (signedIn || !protectedEndpoint)
        {
            return new LatchkeyResponseDescription(null, headers, signedIn, reason);
        }

        headers.Add(new(Names.Headers.WwwAuthenticate, WwwAuthenticate(ChallengeReason(state))));
        return new LatchkeyResponseDescription(401, headers, signedIn, reason);
    }

    private static string QuoteSafe(string value) =>
        new(value.Where(c => c >= 0x20 && c < 0x7F && c != '"' && c != '\\').ToArray());
}
