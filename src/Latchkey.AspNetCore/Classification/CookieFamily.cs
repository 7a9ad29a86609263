using Latchkey.AspNetCore.Tokens;

namespace Latchkey.AspNetCore.Classification;

/// <summary>
/// Which cookie family a request's session is read from: the un-suffixed <c>__session</c> /
/// <c>__client_uat</c> or the suffixed <c>__session_&lt;suffix&gt;</c> / <c>__client_uat_&lt;suffix&gt;</c>
/// (protocol.md §2.5). One pure function, used by the request context and by the known-cookie
/// shortcut alike.
/// </summary>
internal static class CookieFamily
{
    /// <summary>
    /// Whether the suffixed cookie family is used: rules 1–8 of protocol.md §2.5 in order, over
    /// the four cookie values (the <c>__client_uat</c> values decoded, empty when absent or sent
    /// empty; the session tokens null when absent or sent empty).
    /// </summary>
    public static bool UsesSuffixed<TPeeker>(ReadOnlySpan<char> suffixedUat, ReadOnlySpan<char> uat, string? suffixedSession, string? session, TPeeker tokens, InstanceSettings settings, DateTimeOffset now)
        where TPeeker : ITokenPeeker
    {
        var sessionPeek = session is null ? null : tokens.Peek(session);
        if (session is not null && (sessionPeek is null || !sessionPeek.HasTruthyIss))
        {
            return false; // rule 1: malformed un-suffixed token → un-suffixed, so it is signed out, not bounced.
        }

        if (session is not null && !BelongsToInstance(sessionPeek!, settings))
        {
            return true; // rule 2: the un-suffixed cookie belongs to another app on the same site.
        }

        if (suffixedUat.IsEmpty && suffixedSession is null)
        {
            return false; // rule 3
        }

        var suffixedPeek = suffixedSession is null ? null : tokens.Peek(suffixedSession);
        var sessionIat = sessionPeek?.Iat ?? 0;
        var suffixedIat = suffixedPeek?.Iat ?? 0;
        if (!IsZero(suffixedUat) && !IsZero(uat) && sessionIat > suffixedIat)
        {
            return false; // rule 4: both signed in, un-suffixed newer.
        }

        if (IsZero(suffixedUat) && !IsZero(uat))
        {
            return false; // rule 5
        }

        if (!settings.IsProduction && !IsZero(suffixedUat) && IsZero(uat) && suffixedPeek?.Exp is { } suffixedExp
            && suffixedExp <= Math.Floor(now.ToUnixTimeMilliseconds() / 1000.0))
        {
            return false; // rule 6 (development only)
        }

        if (suffixedUat.IsEmpty && suffixedSession is not null)
        {
            return false; // rule 7: suffixing disabled at the Frontend API.
        }

        return true; // rule 8
    }

    private static bool IsZero(ReadOnlySpan<char> value) => value is "0";

    private static bool BelongsToInstance(JwtPeek peek, InstanceSettings settings)
    {
        if (peek.Iss is null)
        {
            return false;
        }

        // The peek of a known token is shared by its requests, so is its iss string: one that
        // matched is recognised by reference.
        if (ReferenceEquals(peek.Iss, settings.MatchedIssuerText))
        {
            return true;
        }

        var stripped = peek.Iss.AsSpan();
        if (stripped.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            stripped = stripped[8..];
        }
        else if (stripped.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            stripped = stripped[7..];
        }

        if (!stripped.SequenceEqual(settings.FrontendApiHost))
        {
            return false;
        }

        settings.MatchedIssuerText = peek.Iss;
        return true;
    }
}
