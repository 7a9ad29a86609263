using System.Text.Json;
using System.Text.Unicode;

namespace Latchkey.Tokens.Internal;

/// <summary>
/// The Unicode gate for untrusted JSON: every member name and string value must be well-formed
/// Unicode. The bytes must be valid UTF-8 (RFC 8259 §8.1) and every <c>\uXXXX</c> escape of a
/// surrogate must be half of a high-low pair (I-JSON, RFC 7493 §2.1; RFC 8259 §8.2 calls the
/// behaviour of such strings unpredictable). System.Text.Json reads such text without complaint
/// and throws <see cref="InvalidOperationException"/> only when a string is decoded, compared
/// or (with duplicate-name checking) when a name is unescaped; checking the whole document once,
/// before any reader looks at it, keeps that exception out of every later step.
/// </summary>
internal static class JsonText
{
    /// <summary>
    /// True when <paramref name="json"/> is valid UTF-8 and holds no lone surrogate escape. The
    /// cost on ordinary input is one vectorized UTF-8 validation and one vectorized search for a
    /// backslash; escapes are decoded only when a backslash is present.
    /// </summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> json)
    {
        if (!Utf8.IsValid(json))
        {
            return false;
        }

        int backslash = json.IndexOf((byte)'\\');
        return backslash < 0 || !HasLoneSurrogateEscape(json[backslash..]);
    }

    /// <summary>
    /// Scans escape sequences from the first backslash. In valid JSON a backslash only occurs
    /// inside a string and always starts an escape, so reading escapes left to right never
    /// mistakes <c>\\ud800</c> (an escaped backslash, then text) for a surrogate escape. Input that
    /// is not valid JSON is scanned without reading out of bounds; the JSON reader rejects it later.
    /// </summary>
    private static bool HasLoneSurrogateEscape(ReadOnlySpan<byte> json)
    {
        int i = 0;
        while (true)
        {
            int next = json[i..].IndexOf((byte)'\\');
            if (next < 0)
            {
                return false;
            }

            i += next;
            if (i + 1 >= json.Length)
            {
                return false;
            }

            if (json[i + 1] != (byte)'u' || !TryReadHex4(json, i + 2, out int unit))
            {
                i += 2;   // \" \\ \/ \b \f \n \r \t, or something the reader will refuse
                continue;
            }

            i += 6;
            if (char.IsLowSurrogate((char)unit))
            {
                return true;   // a low surrogate not preceded by a high one
            }

            if (char.IsHighSurrogate((char)unit))
            {
                if (i + 1 >= json.Length || json[i] != (byte)'\\' || json[i + 1] != (byte)'u'
                    || !TryReadHex4(json, i + 2, out int low) || !char.IsLowSurrogate((char)low))
                {
                    return true;   // a high surrogate not followed by a low one
                }

                i += 6;
            }
        }
    }

    private static bool TryReadHex4(ReadOnlySpan<byte> json, int start, out int value)
    {
        value = 0;
        if (start + 4 > json.Length)
        {
            return false;
        }

        for (int k = start; k < start + 4; k++)
        {
            int digit = HexDigit(json[k]);
            if (digit < 0)
            {
                return false;
            }

            value = value << 4 | digit;
        }

        return true;
    }

    private static int HexDigit(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    /// <summary>
    /// Failure path only: names where the first ill-formed string is, e.g.
    /// <c>the claim "act.sub" holds a string that is not valid Unicode ...</c>. The location is the
    /// chain of member names down to the string (array positions omitted); an ill-formed member
    /// name is reported as such inside its parent. <paramref name="subject"/> is the document's
    /// role: "claim", "header member", "JWK member".
    /// </summary>
    public static string Describe(ReadOnlySpan<byte> json, string subject, string document)
    {
        const string Why = "is not valid Unicode (invalid UTF-8, or a lone surrogate escape such as \\ud800)";
        var path = new List<string>();
        string? pending = null;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        path.Add(pending ?? "");
                        pending = null;
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        path.RemoveAt(path.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        if (!IsWellFormed(reader.ValueSpan))
                        {
                            string parent = Location(path, null);
                            return parent.Length == 0
                                ? $"the {document} has a member name that {Why}"
                                : $"the {subject} \"{parent}\" has a member name that {Why}";
                        }

                        pending = reader.GetString();
                        break;
                    case JsonTokenType.String:
                        if (!IsWellFormed(reader.ValueSpan))
                        {
                            string at = Location(path, pending);
                            return at.Length == 0 ? $"the {document} holds a string that {Why}" : $"the {subject} \"{at}\" holds a string that {Why}";
                        }

                        pending = null;
                        break;
                    default:
                        pending = null;
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Reported as a JSON syntax problem would be; the Unicode problem is still real.
        }

        return $"the {document} holds a string that {Why}";
    }

    private static string Location(List<string> path, string? last)
    {
        // path[0] is the document itself (no name); the rest are the enclosing members.
        IEnumerable<string> names = path.Skip(1).Append(last ?? "").Where(n => n.Length > 0);
        return string.Join(".", names);
    }
}
