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
    internal const int MinInternedLength = 64;

    /// <summary>
    /// Parses a <c>Cookie</c> header for the names of <paramref name="names"/> only: split on
    /// <c>;</c>, each pair at its first <c>=</c>, names and values trimmed of spaces and tabs, values
    /// percent-decoded, the first occurrence of a name wins; other cookies (and pairs without
    /// <c>=</c>) are skipped without a copy. The wanted names are all RFC 9110 tokens.
    /// </summary>
    /// <param name="header">The header value (repeated headers joined with <c>"; "</c>), or null.</param>
    /// <param name="names">The names wanted.</param>
    /// <param name="interner">Shares the text of known tokens instead of copying it; null to copy every value.</param>
    /// <returns>The value of each name of <see cref="CookieNames.All"/> at the same index; null when absent (empty when sent empty).</returns>
    public static string?[] ParseNamed(string? header, CookieNames names, ITokenInterner? interner = null)
    {
        var values = new string?[names.All.Length];
        ParseNamed(header, names, interner, values);
        return values;
    }

    /// <summary>As <see cref="ParseNamed(string?, CookieNames, ITokenInterner?)"/>, into <paramref name="values"/> (cleared first; at least <c>names.All.Length</c> long).</summary>
    public static void ParseNamed(string? header, CookieNames names, ITokenInterner? interner, Span<string?> values)
    {
        values.Clear();
        Span<Range> ranges = stackalloc Range[CookieNames.Count];
        var seen = FindNamed(header, names, ranges);
        for (var index = 0; seen != 0; index++, seen >>= 1)
        {
            if ((seen & 1) == 0)
            {
                continue;
            }

            var value = header.AsSpan(ranges[index]);
            // A known token is looked up before any scan: its text has no '%' (it is a b64token),
            // so a value that matches one whole is exactly that token, undecoded.
            values[index] = (value.Length >= MinInternedLength && interner is not null ? interner.Intern(value) : null)
                ?? PercentDecode(value);
        }
    }

    /// <summary>
    /// The scan under <see cref="ParseNamed(string?, CookieNames, ITokenInterner?, Span{string?})"/>,
    /// without copying or decoding anything: split on <c>;</c>, each pair at its first <c>=</c>,
    /// names and values trimmed of spaces and tabs, the first occurrence of a name wins.
    /// </summary>
    /// <param name="header">The header value, or null.</param>
    /// <param name="names">The names wanted.</param>
    /// <param name="ranges">Cleared first, then receives at the index of each name of <see cref="CookieNames.All"/> the range of its raw (undecoded) value in <paramref name="header"/>; an empty range for a name not sent (at least <see cref="CookieNames.Count"/> long).</param>
    /// <returns>The names sent, as a bit mask by index (a name sent with an empty value included).</returns>
    public static int FindNamed(string? header, CookieNames names, Span<Range> ranges)
    {
        ranges.Clear();
        if (string.IsNullOrEmpty(header) || header.Length > MaxHeaderLength)
        {
            return 0;
        }

        var seen = 0;
        foreach (var range in header.AsSpan().Split(';'))
        {
            var pair = header.AsSpan(range);
            var eq = pair.IndexOf('=');
            if (eq < 0)
            {
                continue;
            }

            var index = names.IndexOf(Trim(pair[..eq]));
            if (index < 0 || (seen & (1 << index)) != 0)
            {
                continue; // not read by the classifier, or a later duplicate (the first wins). Known names are tokens.
            }

            seen |= 1 << index;
            var raw = pair[(eq + 1)..];
            var start = range.Start.GetOffset(header.Length) + eq + 1 + (raw.Length - raw.TrimStart(Whitespace).Length);
            ranges[index] = new Range(start, start + Trim(raw).Length);
        }

        return seen;
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

    private static ReadOnlySpan<char> Whitespace => [' ', '\t'];

    private static ReadOnlySpan<char> Trim(ReadOnlySpan<char> s) => s.Trim(Whitespace);

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
