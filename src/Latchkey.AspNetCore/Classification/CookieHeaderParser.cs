using System.Text;
using Latchkey.AspNetCore.Tokens;

namespace Latchkey.AspNetCore.Classification;

/// <summary>
/// Parses a <c>Cookie</c> request header strictly: split on <c>;</c> first (RFC 6265 §4.2.1 /
/// §5.4), then split each pair at its first <c>=</c>, then percent-decode each value. Decoding
/// before splitting would let an encoded <c>%3B</c> forge an extra cookie. The first occurrence of
/// a name wins (browsers send the most specific cookie first).
/// </summary>
internal static class CookieHeaderParser
{
    /// <summary>Upper bound on the parsed header, far above any browser's cookie jar for one host.</summary>
    public const int MaxHeaderLength = 64 * 1024;

    /// <summary>Shorter values are never tokens (a session JWT is several hundred characters); they are copied without a lookup.</summary>
    private const int MinInternedLength = 64;

    /// <summary>Parses a <c>Cookie</c> header.</summary>
    /// <param name="header">The header value (repeated headers joined with <c>"; "</c>), or null.</param>
    /// <param name="interner">Shares the text of known tokens instead of copying it; null to copy every value.</param>
    public static Dictionary<string, string> Parse(string? header, ITokenInterner? interner = null)
    {
        var cookies = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(header) || header.Length > MaxHeaderLength)
        {
            return cookies;
        }

        foreach (var range in header.AsSpan().Split(';'))
        {
            var pair = header.AsSpan(range);
            var eq = pair.IndexOf('=');
            if (eq < 0)
            {
                continue; // RFC 6265 §5.2: a pair without '=' is ignored.
            }

            var name = Trim(pair[..eq]);
            if (name.IsEmpty || !IsToken(name))
            {
                continue;
            }

            var nameText = name.ToString();
            if (cookies.ContainsKey(nameText))
            {
                continue;
            }

            var value = Trim(pair[(eq + 1)..]);
            cookies[nameText] = (value.Length >= MinInternedLength && interner is not null && value.IndexOf('%') < 0 ? interner.Intern(value) : null)
                ?? PercentDecode(value);
        }

        return cookies;
    }

    /// <summary>
    /// Percent-decodes a value as UTF-8. A value whose escapes are malformed or do not decode to
    /// valid UTF-8 is kept verbatim, so it fails later as what it is (an invalid token, a non-number).
    /// </summary>
    internal static string PercentDecode(ReadOnlySpan<char> value)
    {
        if (value.IndexOf('%') < 0)
        {
            return value.ToString();
        }

        var bytes = new byte[value.Length];
        var count = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%')
            {
                if (i + 2 >= value.Length || !IsHex(value[i + 1]) || !IsHex(value[i + 2]))
                {
                    return value.ToString();
                }

                bytes[count++] = (byte)((HexValue(value[i + 1]) << 4) | HexValue(value[i + 2]));
                i += 2;
            }
            else if (c > 0x7F)
            {
                return value.ToString();
            }
            else
            {
                bytes[count++] = (byte)c;
            }
        }

        try
        {
            return new UTF8Encoding(false, true).GetString(bytes, 0, count);
        }
        catch (DecoderFallbackException)
        {
            return value.ToString();
        }
    }

    private static ReadOnlySpan<char> Trim(ReadOnlySpan<char> s) => s.Trim([' ', '\t']);

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    /// <summary>RFC 9110 §5.6.2 token characters (cookie-name is a token, RFC 6265 §4.1.1).</summary>
    private static bool IsToken(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (c <= 0x20 || c >= 0x7F || "()<>@,;:\\\"/[]?={}".Contains(c))
            {
                return false;
            }
        }

        return true;
    }
}
