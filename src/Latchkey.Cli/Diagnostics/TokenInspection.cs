using System.Text;
using System.Text.Json;

namespace Latchkey.Cli.Diagnostics;

/// <summary>
/// Decodes a token for display only, trusting nothing: the header and payload segments are
/// base64url-decoded (leniently, so that a token the verifier refuses for padding can still be
/// shown) and parsed as JSON with a depth limit and without duplicate member names. Whatever
/// fails is described, never thrown. The verdict never depends on this class.
/// </summary>
internal sealed class TokenInspection
{
    /// <summary>The deepest JSON nesting shown: 64 (the verifier itself stops at 16).</summary>
    public const int MaxDisplayDepth = 64;

    /// <summary>The longest raw text shown for a segment that is not JSON: 2,000 characters.</summary>
    public const int MaxRawTextLength = 2000;

    private TokenInspection(int segmentCount, DecodedSegment? header, DecodedSegment? payload)
    {
        SegmentCount = segmentCount;
        Header = header;
        Payload = payload;
    }

    /// <summary>How many dot-separated segments the token has (a JWS compact token has 3).</summary>
    public int SegmentCount { get; }

    /// <summary>The first segment, decoded; null when the token has a single segment.</summary>
    public DecodedSegment? Header { get; }

    /// <summary>The second segment, decoded; null when the token has a single segment.</summary>
    public DecodedSegment? Payload { get; }

    /// <summary>Why the token's shape is wrong, or null for three segments.</summary>
    public string? StructureProblem => SegmentCount == 3
        ? null
        : $"the token has {SegmentCount} dot-separated segment{(SegmentCount == 1 ? "" : "s")}; a JWS compact token has 3 (header.payload.signature)";

    public static TokenInspection Inspect(string token)
    {
        int segments = token.AsSpan().Count('.') + 1;
        if (segments < 2)
        {
            return new TokenInspection(segments, null, null);
        }

        int dot1 = token.IndexOf('.');
        int dot2 = token.IndexOf('.', dot1 + 1);
        string header = token[..dot1];
        string payload = dot2 < 0 ? token[(dot1 + 1)..] : token[(dot1 + 1)..dot2];
        return new TokenInspection(segments, DecodedSegment.Decode(header), DecodedSegment.Decode(payload));
    }

    /// <summary>One decoded segment: JSON when it parsed, else the reason and the raw text.</summary>
    internal sealed class DecodedSegment
    {
        private DecodedSegment(JsonElement? json, string? problem, string? rawText)
        {
            Json = json;
            Problem = problem;
            RawText = rawText;
        }

        /// <summary>The parsed JSON object (a detached clone), when the segment is base64url of a JSON object.</summary>
        public JsonElement? Json { get; }

        /// <summary>Why the segment could not be shown as a JSON object, or null.</summary>
        public string? Problem { get; }

        /// <summary>The decoded bytes as text (invalid UTF-8 replaced, at most <see cref="MaxRawTextLength"/> characters) when they are not a JSON object.</summary>
        public string? RawText { get; }

        public static DecodedSegment Decode(string segment)
        {
            if (segment.Length == 0)
            {
                return new DecodedSegment(null, "the segment is empty", null);
            }

            byte[]? bytes = DecodeBase64UrlLenient(segment);
            if (bytes is null)
            {
                return new DecodedSegment(null, "the segment is not base64url", null);
            }

            try
            {
                using JsonDocument document = JsonDocument.Parse(bytes, new JsonDocumentOptions
                {
                    MaxDepth = MaxDisplayDepth,
                    AllowDuplicateProperties = false,
                });
                JsonValueKind kind = document.RootElement.ValueKind;
                if (kind != JsonValueKind.Object)
                {
                    return new DecodedSegment(null, $"the segment is JSON but not an object (a {kind.ToString().ToLowerInvariant()})", Text(bytes));
                }

                if (!AllStringsReadable(document.RootElement))
                {
                    return new DecodedSegment(null, "the segment holds a string that is not valid Unicode (invalid UTF-8, or a lone surrogate escape such as \\ud800)", Text(bytes));
                }

                return new DecodedSegment(document.RootElement.Clone(), null, null);
            }
            catch (JsonException e)
            {
                return new DecodedSegment(null, "the segment is not valid JSON: " + FirstSentence(e.Message), Text(bytes));
            }
            catch (InvalidOperationException)
            {
                // The duplicate-name check unescapes member names while parsing and throws on a lone surrogate escape.
                return new DecodedSegment(null, "the segment holds a member name that is not valid Unicode (a lone surrogate escape such as \\ud800)", Text(bytes));
            }
        }

        /// <summary>
        /// JsonDocument validates strings lazily: invalid UTF-8 inside a string, or an escaped lone
        /// surrogate, only throws when the string is read or re-written. Read every name and string
        /// once here so that nothing later (writers, hints) meets one.
        /// </summary>
        private static bool AllStringsReadable(JsonElement element)
        {
            try
            {
                ReadAllStrings(element);
                return true;
            }
            catch (InvalidOperationException)
            {
                return false;
            }

        }

        /// <summary>Reads every member name and string of <paramref name="element"/> once; throws <see cref="InvalidOperationException"/> on one that is not valid Unicode.</summary>
        internal static void ReadAllStrings(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (JsonProperty property in element.EnumerateObject())
                    {
                        _ = property.Name;
                        ReadAllStrings(property.Value);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (JsonElement item in element.EnumerateArray())
                    {
                        ReadAllStrings(item);
                    }

                    break;
                case JsonValueKind.String:
                    _ = element.GetString();
                    break;
            }
        }

        private static string Text(byte[] bytes)
        {
            string text = Encoding.UTF8.GetString(bytes);
            return text.Length > MaxRawTextLength ? text[..MaxRawTextLength] + "..." : text;
        }

        private static byte[]? DecodeBase64UrlLenient(string segment)
        {
            ReadOnlySpan<char> text = segment.AsSpan().TrimEnd('=');
            if (text.ContainsAnyExcept("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") || text.Length % 4 == 1)
            {
                return null;
            }

            var builder = new StringBuilder(text.Length + 3);
            foreach (char c in text)
            {
                builder.Append(c switch { '-' => '+', '_' => '/', _ => c });
            }

            builder.Append('=', (4 - (text.Length % 4)) % 4);
            byte[] bytes = new byte[(builder.Length / 4) * 3];
            return Convert.TryFromBase64String(builder.ToString(), bytes, out int written) ? bytes[..written] : null;
        }

        private static string FirstSentence(string message)
        {
            int end = message.IndexOf(". ", StringComparison.Ordinal);
            return end < 0 ? message : message[..(end + 1)];
        }
    }
}
