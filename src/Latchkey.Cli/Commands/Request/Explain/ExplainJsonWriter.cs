using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Latchkey.AspNetCore;
using Latchkey.Cli.Diagnostics;
using Latchkey.Cli.Infrastructure;

namespace Latchkey.Cli.Commands.Request.Explain;

/// <summary>
/// Writes an <see cref="Explanation"/> as one JSON object: indented for a single request
/// (<c>--json</c>), on one line for <c>--batch</c> (JSON Lines, with the input's <c>line</c>
/// number first), and the error object of a batch line that could not be used. The members are
/// documented in <c>docs/cli.md</c>.
/// </summary>
internal static class ExplainJsonWriter
{
    private static readonly JsonWriterOptions Compact = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = TokenInspection.MaxDisplayDepth + 8,
    };

    /// <summary>The object for one request; <paramref name="line"/> is set in batch mode (compact output).</summary>
    public static string Write(Explanation e, int? line = null) => Render(line is null ? TokenText.IndentedJson : Compact, writer =>
    {
        writer.WriteStartObject();
        if (line is { } number)
        {
            writer.WriteNumber("line", number);
        }

        LatchkeyRequestState state = e.State;
        writer.WriteString("status", state.StatusText);
        writer.WriteString("reason", state.Reason);
        writer.WriteString("message", state.Message);
        writer.WriteBoolean("signedIn", e.SignedIn);
        writer.WriteString("appReason", e.Reason);

        if (e.Response.StatusCode is { } status)
        {
            writer.WriteNumber("statusCode", status);
        }
        else
        {
            writer.WriteNull("statusCode");
        }

        writer.WriteBoolean("reachesEndpoint", e.Response.ReachesEndpoint);
        WriteHeaders(writer, "headers", e.Response.Headers);
        writer.WriteBoolean("debugHeadersAssumed", e.DebugHeadersAssumed);
        writer.WriteString("explanation", e.Guide?.Explanation);
        writer.WriteString("whatToDo", e.Guide?.InApp);
        if (e.Clock is { } clock)
        {
            writer.WriteStartObject("clock");
            writer.WriteNumber("offsetSeconds", Math.Round(clock.OffsetSeconds, 3));
            writer.WriteString("bound", clock.Bound);
            writer.WriteString("basis", clock.Basis);
            writer.WriteString("text", clock.Text);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("clock");
        }

        WriteStrings(writer, "notes", e.Request.Notes);
        writer.WriteString("tokenType", LatchkeyTokenTypeNames.ToProtocolName(state.TokenType));
        writer.WriteNumber("now", e.Now.ToUnixTimeMilliseconds());
        writer.WriteString("nowIso", TokenText.Iso(e.Now));
        writer.WriteString("nowSource", e.NowSource);
        writer.WriteNumber("clockSkewMs", (long)e.Instance.Options.ClockSkew.TotalMilliseconds);
        writer.WriteBoolean("navigation", e.IsNavigation);

        writer.WriteStartArray("network");
        foreach (NetworkCall call in e.Network)
        {
            writer.WriteStartObject();
            writer.WriteString("method", call.Method);
            writer.WriteString("url", call.Url);
            if (call.Status is { } code)
            {
                writer.WriteNumber("status", code);
            }
            else
            {
                writer.WriteNull("status");
            }

            writer.WriteString("outcome", call.Outcome);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("log");
        foreach (LogLine logLine in e.Log)
        {
            writer.WriteStartObject();
            writer.WriteString("level", logLine.LevelName);
            writer.WriteNumber("eventId", logLine.EventId);
            writer.WriteString("message", logLine.Message);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteNumber("cookieCount", e.CookieCount);
        writer.WriteStartArray("cookies");
        foreach (CookieFact cookie in e.Cookies)
        {
            writer.WriteStartObject();
            writer.WriteString("name", cookie.Name);
            writer.WriteNumber("length", cookie.Length);
            writer.WriteString("value", cookie.Value);
            writer.WriteString("note", cookie.Note);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("tokens");
        foreach (CredentialView credential in e.Credentials)
        {
            WriteCredential(writer, credential);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    /// <summary>The line written for a batch input that could not be used.</summary>
    public static string WriteError(int line, InputProblem problem) => Render(Compact, writer =>
    {
        writer.WriteStartObject();
        writer.WriteNumber("line", line);
        writer.WriteStartObject("error");
        writer.WriteString("code", problem.Code);
        writer.WriteString("message", problem.Message);
        WriteStrings(writer, "details", problem.Details ?? []);
        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    private static string Render(JsonWriterOptions options, Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, options))
        {
            write(writer);
        }

        // Relaxed escaping keeps URLs readable; TerminalText then escapes what a terminal could
        // misread (controls, bidi overrides) inside strings, which keeps the JSON valid.
        return TerminalText.Escape(Encoding.UTF8.GetString(stream.ToArray())) + "\n";
    }

    private static void WriteCredential(Utf8JsonWriter writer, CredentialView credential)
    {
        writer.WriteStartObject();
        writer.WriteString("source", credential.Source);
        writer.WriteNumber("length", credential.Token.Length);
        writer.WriteBoolean("verified", credential.Verified);
        TokenInspection? inspection = credential.Inspection;
        writer.WriteBoolean("opaque", inspection is null);
        DiagnosticJson.WriteSegment(writer, "header", inspection?.Header, inspection?.StructureProblem, withText: false);
        DiagnosticJson.WriteSegment(writer, "claims", inspection?.Payload, inspection?.StructureProblem, withText: false);
        DiagnosticJson.WriteTimes(writer, credential.Times);
        writer.WriteEndObject();
    }

    private static void WriteHeaders(Utf8JsonWriter writer, string name, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        writer.WriteStartObject(name);
        foreach (var group in headers.GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
        {
            writer.WriteStartArray(group.Key);
            foreach (var (_, value) in group)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (string value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
