using System.Globalization;
using System.Text;

namespace Latchkey.Cli.Infrastructure;

/// <summary>
/// Makes text that may hold untrusted parts (claims, header members, messages) safe to print:
/// control characters other than line feed, format characters (bidirectional overrides,
/// zero-width joiners), line and paragraph separators, private-use and unassigned code points
/// and lone surrogates become <c>\uXXXX</c>. A terminal then shows exactly what the token holds
/// and cannot be steered by escape sequences. Applied to JSON, the result stays valid JSON:
/// such characters can only occur inside strings, where <c>\uXXXX</c> is the standard escape.
/// </summary>
internal static class TerminalText
{
    public static string Escape(string text)
    {
        int first = FirstUnsafe(text);
        if (first < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        builder.Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var rune = new Rune(c, text[i + 1]);
                if (IsUnsafe(Rune.GetUnicodeCategory(rune)))
                {
                    AppendEscape(builder, c);
                    AppendEscape(builder, text[i + 1]);
                }
                else
                {
                    builder.Append(c).Append(text[i + 1]);
                }

                i++;
            }
            else if (c != '\n' && (char.IsSurrogate(c) || IsUnsafe(CharUnicodeInfo.GetUnicodeCategory(c))))
            {
                AppendEscape(builder, c);
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static int FirstUnsafe(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c is >= ' ' and < '\u007f' or '\n')
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                if (IsUnsafe(Rune.GetUnicodeCategory(new Rune(c, text[i + 1]))))
                {
                    return i;
                }

                i++;
                continue;
            }

            if (char.IsSurrogate(c) || IsUnsafe(CharUnicodeInfo.GetUnicodeCategory(c)))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsUnsafe(UnicodeCategory category) => category is
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
        or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse
        or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate;

    private static void AppendEscape(StringBuilder builder, char c) =>
        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
}
