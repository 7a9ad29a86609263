using System.Text.Json;

namespace Latchkey.Cli.Diagnostics;

/// <summary>
/// The JSON pieces that <c>token verify --json</c> and <c>request explain --json</c> share: a
/// decoded token segment and the time claims, written once so both commands report a token the
/// same way.
/// </summary>
internal static class DiagnosticJson
{
    /// <summary>
    /// Writes <c>"&lt;name&gt;": {decoded JSON} | null</c> and <c>"&lt;name&gt;Problem"</c>, and with
    /// <paramref name="withText"/> also <c>"&lt;name&gt;Text"</c> (the segment as text).
    /// </summary>
    public static void WriteSegment(Utf8JsonWriter writer, string name, TokenInspection.DecodedSegment? segment, string? structureProblem, bool withText)
    {
        writer.WritePropertyName(name);
        if (segment?.Json is { } json)
        {
            json.WriteTo(writer);
        }
        else
        {
            writer.WriteNullValue();
        }

        writer.WriteString(name + "Problem", segment is null ? structureProblem : segment.Problem);
        if (withText)
        {
            writer.WriteString(name + "Text", segment?.RawText);
        }
    }

    /// <summary>Writes <c>"times": {"iat": {value, iso, secondsFromNow, description}, ...}</c>.</summary>
    public static void WriteTimes(Utf8JsonWriter writer, IReadOnlyList<TimeClaimView> times)
    {
        writer.WriteStartObject("times");
        foreach (TimeClaimView time in times)
        {
            writer.WriteStartObject(time.Name);
            writer.WritePropertyName("value");
            time.Raw.WriteTo(writer);
            writer.WriteString("iso", time.IsoDate);
            if (time.SecondsFromNow is { } delta)
            {
                writer.WriteNumber("secondsFromNow", Math.Round(delta, 3));
            }
            else
            {
                writer.WriteNull("secondsFromNow");
            }

            writer.WriteString("description", time.Description);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
