using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Latchkey.Cli.Diagnostics;

/// <summary>
/// The text shapes both diagnostics print a decoded token with: a segment (header or claims) as
/// indented JSON, or why it cannot be shown with its raw text; and the time claims as a table.
/// Callers escape the finished text with <c>TerminalText</c>.
/// </summary>
internal static class TokenText
{
    /// <summary>The JSON writer settings for displayed JSON: indented, relaxed escaping, deep enough for any decoded segment.</summary>
    public static JsonWriterOptions IndentedJson { get; } = new()
    {
        Indented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = TokenInspection.MaxDisplayDepth + 8,
    };

    /// <summary>Appends <paramref name="title"/> and the segment below it, each line prefixed with <paramref name="indent"/>.</summary>
    public static void AppendSegment(StringBuilder text, string indent, string title, TokenInspection.DecodedSegment? segment, string? structureProblem)
    {
        text.Append(indent[..Math.Max(0, indent.Length - 2)]).AppendLine(title);
        if (segment?.Json is { } json)
        {
            foreach (string line in PrettyJson(json).Split('\n'))
            {
                text.Append(indent).AppendLine(line);
            }

            return;
        }

        text.Append(indent).Append("(cannot be shown: ").Append(segment?.Problem ?? structureProblem ?? "absent").AppendLine(")");
        if (segment?.RawText is { } raw)
        {
            text.Append(indent).Append("raw: ").AppendLine(Shorten(raw.ReplaceLineEndings(" "), 400));
        }
    }

    /// <summary>Appends one line per time claim: name, raw value, ISO date, distance from the judging moment.</summary>
    public static void AppendTimes(StringBuilder text, string indent, IReadOnlyList<TimeClaimView> times)
    {
        foreach (TimeClaimView time in times)
        {
            string raw = time.Raw.ValueKind == JsonValueKind.Number ? time.Raw.GetRawText() : Shorten(time.Raw.GetRawText(), 40);
            text.Append(indent).Append(time.Name).Append("  ").Append(raw.PadRight(12)).Append("  ");
            if (time.IsoDate is { } iso)
            {
                text.Append(iso.PadRight(20)).Append("  ");
            }

            text.AppendLine(time.Description);
        }
    }

    public static string PrettyJson(JsonElement json)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, IndentedJson))
        {
            json.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>ISO 8601 with seconds, or milliseconds when the moment has them.</summary>
    public static string Iso(DateTimeOffset moment) =>
        moment.ToString(moment.Millisecond == 0 ? "yyyy-MM-ddTHH:mm:ssZ" : "yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    public static string Shorten(string value, int max) => value.Length <= max ? value : value[..max] + "...";
}
