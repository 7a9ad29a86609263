using Latchkey.AspNetCore.Internal;

namespace Latchkey.AspNetCore.Classification;

/// <summary>
/// Builds the three states (protocol.md §5.10). Non-signed-in states always carry the debug
/// headers (§5.12: <c>x-clerk-auth-status</c>, <c>-reason</c>, <c>-message</c> when header-safe);
/// whether they reach the wire is the handler's choice.
/// </summary>
internal static class States
{
    /// <summary>
    /// The signed-in state. Without headers it depends only on the token and its claims, so it is
    /// made once per verified claims object (which belongs to one token text) and shared: the state
    /// is immutable.
    /// </summary>
    public static LatchkeyRequestState SignedIn(string token, LatchkeySessionClaims claims, StateHeaders? headers = null)
    {
        if (headers is not null)
        {
            return new(LatchkeyAuthStatus.SignedIn, null, null, LatchkeyTokenTypes.SessionToken, token, claims, null, headers.Items);
        }

        if (claims.SignedInState is { } cached && string.Equals(cached.Token, token, StringComparison.Ordinal))
        {
            return cached;
        }

        var state = new LatchkeyRequestState(LatchkeyAuthStatus.SignedIn, null, null, LatchkeyTokenTypes.SessionToken, token, claims, null, Array.Empty<KeyValuePair<string, string>>());
        claims.SignedInState = state;
        return state;
    }

    public static LatchkeyRequestState SignedInMachine(string token, LatchkeyMachineIdentity identity) =>
        new(LatchkeyAuthStatus.SignedIn, null, null, identity.TokenType, token, null, identity, Array.Empty<KeyValuePair<string, string>>());

    public static LatchkeyRequestState SignedOut(string reason, string? message = null, StateHeaders? headers = null, LatchkeyTokenTypes tokenType = LatchkeyTokenTypes.SessionToken) =>
        WithDebugHeaders(LatchkeyAuthStatus.SignedOut, reason, message, headers ?? new(), tokenType);

    public static LatchkeyRequestState Handshake(string reason, string? message, StateHeaders headers) =>
        WithDebugHeaders(LatchkeyAuthStatus.Handshake, reason, message, headers, LatchkeyTokenTypes.SessionToken);

    private static LatchkeyRequestState WithDebugHeaders(LatchkeyAuthStatus status, string reason, string? message, StateHeaders headers, LatchkeyTokenTypes tokenType)
    {
        if (!string.IsNullOrEmpty(message) && StateHeaders.IsHeaderSafe(message))
        {
            headers.Set(Names.Headers.AuthMessage, message);
        }

        if (StateHeaders.IsHeaderSafe(reason))
        {
            headers.Set(Names.Headers.AuthReason, reason);
        }

        headers.Set(Names.Headers.AuthStatus, status == LatchkeyAuthStatus.Handshake ? "handshake" : "signed-out");
        return new LatchkeyRequestState(status, reason, string.IsNullOrEmpty(message) ? null : message, tokenType, null, null, null, headers.Items);
    }
}
