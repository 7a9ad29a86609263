using System.Buffers;

namespace Latchkey.AspNetCore.Classification;

/// <summary>
/// Reads the token from an <c>Authorization</c> header (protocol.md §5.2): <c>Bearer &lt;token&gt;</c>
/// with the scheme spelled exactly <c>Bearer</c>, or a bare token with no scheme. Any other
/// scheme yields no token. Latchkey is strict where the reference splits loosely: exactly one
/// space, and the token must be non-empty and made of RFC 6750 b64token characters.
/// </summary>
internal static class AuthorizationHeaderParser
{
    /// <summary>Upper bound on a header token; session tokens are about 1 KB.</summary>
    public const int MaxTokenLength = 16 * 1024;

    /// <summary>Reads the token of an <c>Authorization</c> header.</summary>
    /// <param name="header">The header value, or null.</param>
    /// <param name="interner">Shares the text of known tokens instead of copying it; null to copy.</param>
    public static AuthorizationHeaderResult Parse(string? header, Tokens.ITokenInterner? interner = null)
    {
        if (string.IsNullOrEmpty(header))
        {
            return AuthorizationHeaderResult.Absent;
        }

        var space = header.IndexOf(' ');
        if (space < 0)
        {
            return IsB64Token(header) ? AuthorizationHeaderResult.Token(header) : AuthorizationHeaderResult.Malformed;
        }

        var scheme = header.AsSpan(0, space);
        if (!scheme.SequenceEqual(Internal.Names.BearerScheme))
        {
            return AuthorizationHeaderResult.OtherScheme;
        }

        var token = header.AsSpan(space + 1);

        // A known token (one that verified before) is a well-formed b64token by construction, so
        // the lookup comes first and the character scan (~0.1 µs for a session token) only runs
        // for text that is not known. The lookup compares the whole text, so a hit is exact.
        if (interner?.Intern(token) is { } known)
        {
            return AuthorizationHeaderResult.Token(known);
        }

        return IsB64Token(token) ? AuthorizationHeaderResult.Token(token.ToString()) : AuthorizationHeaderResult.Malformed;
    }

    /// <summary>RFC 6750 §2.1: <c>1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="</c> (vectorized scans).</summary>
    internal static bool IsB64Token(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty || s.Length > MaxTokenLength)
        {
            return false;
        }

        var end = s.IndexOfAnyExcept(B64TokenCharacters);
        return end < 0 || (end > 0 && s[end..].IndexOfAnyExcept('=') < 0);
    }

    private static readonly SearchValues<char> B64TokenCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/");
}

/// <summary>The outcome of reading an <c>Authorization</c> header.</summary>
internal readonly record struct AuthorizationHeaderResult(AuthorizationHeaderKind Kind, string? Value)
{
    public static readonly AuthorizationHeaderResult Absent = new(AuthorizationHeaderKind.Absent, null);
    public static readonly AuthorizationHeaderResult OtherScheme = new(AuthorizationHeaderKind.OtherScheme, null);
    public static readonly AuthorizationHeaderResult Malformed = new(AuthorizationHeaderKind.Malformed, null);

    public static AuthorizationHeaderResult Token(string value) => new(AuthorizationHeaderKind.Token, value);
}

/// <summary>What an <c>Authorization</c> header held.</summary>
internal enum AuthorizationHeaderKind
{
    Absent,
    Token,
    OtherScheme,
    Malformed,
}
