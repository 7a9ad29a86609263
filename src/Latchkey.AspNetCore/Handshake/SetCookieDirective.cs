namespace Latchkey.AspNetCore.Handshake;

/// <summary>
/// Reads the name and value of a <c>Set-Cookie</c> directive string as the protocol does
/// (protocol.md §6.4 step 4): the name is the text before the first <c>=</c> of the first
/// <c>;</c>-segment, the value the text between the first and second <c>=</c>.
/// </summary>
internal static class SetCookieDirective
{
    public static string GetName(string directive)
    {
        var first = FirstSegment(directive);
        var eq = first.IndexOf('=');
        return (eq < 0 ? first : first[..eq]).ToString();
    }

    public static string? GetValue(string directive)
    {
        var first = FirstSegment(directive);
        var eq = first.IndexOf('=');
        if (eq < 0)
        {
            return null;
        }

        var rest = first[(eq + 1)..];
        var second = rest.IndexOf('=');
        return (second < 0 ? rest : rest[..second]).ToString();
    }

    /// <summary>
    /// Returns the session token carried by a directive list: the value of the last directive
    /// whose name starts with <c>__session</c>, or null.
    /// </summary>
    public static string? FindSessionToken(IEnumerable<string> directives)
    {
        string? token = null;
        foreach (var directive in directives)
        {
            if (GetName(directive).StartsWith(Internal.Names.Cookies.Session, StringComparison.Ordinal))
            {
                token = GetValue(directive);
            }
        }

        return token;
    }

    /// <summary>
    /// Whether a directive may be passed on as a response header: no control characters (CR, LF,
    /// NUL), so a directive from the server can never split the response.
    /// </summary>
    public static bool IsHeaderSafe(string directive)
    {
        if (directive.Length == 0 || directive.Length > 8192)
        {
            return false;
        }

        foreach (var c in directive)
        {
            if ((c < 0x20 && c != '\t') || c == 0x7F)
            {
                return false;
            }
        }

        return true;
    }

    private static ReadOnlySpan<char> FirstSegment(string directive)
    {
        var span = directive.AsSpan();
        var semi = span.IndexOf(';');
        return semi < 0 ? span : span[..semi];
    }
}
