using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Latchkey.Cli.Diagnostics;
using Latchkey.Cli.Infrastructure;
using Latchkey.Tokens;

namespace Latchkey.Cli.Commands.Token.Verify;

/// <summary>
/// Writes a <see cref="VerifyReport"/> as exactly one JSON object (indented, camelCase names,
/// followed by a newline) for scripts. The members are documented in <c>docs/cli.md</c>;
/// <c>valid</c>, <c>reason</c>, <c>message</c>, <c>header</c> and <c>claims</c> are always present.
/// </summary>
internal static class JsonReportWriter
{
    public static string Write(VerifyReport report)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("valid", report.Valid);
            writer.WriteString("verdict", report.Valid ? "VALID" : "REJECTED");
            writer.WriteString("reason", report.Reason);
            writer.WriteString("message", report.Message);
            writer.WriteString("explanation", report.Guide?.Explanation);
            writer.WriteString("whatToDo", report.Guide?.WhatToDo);
            writer.WriteStartArray("hints");
            foreach (string hint in report.Hints)
            {
                writer.WriteStringValue(hint);
            }

            writer.WriteEndArray();
            WriteUnixSeconds(writer, "now", report.Now);
            writer.WriteString("nowIso", Iso(report.Now));
            writer.WriteString("nowSource", report.Request.NowUnixMilliseconds is null ? "clock" : "option");
            writer.WriteNumber("clockSkewSeconds", report.Request.ClockSkew.TotalMilliseconds / 1000.0);
            writer.WriteBoolean("signatureVerified", report.SignatureVerified);
            writer.WriteBoolean("claimsVerified", report.SignatureVerified && report.Claims is not null);
            WriteKey(writer, report.Result.Key);
            WriteKeySource(writer, report.Keys);
            WriteChecks(writer, report.Request);
            writer.WriteStartObject("input");
            writer.WriteString("source", report.Input.Source);
            writer.WriteNumber("length", report.Input.Token.Length);
            writer.WriteNumber("segments", report.Inspection.SegmentCount);
            writer.WriteEndObject();
            DiagnosticJson.WriteSegment(writer, "header", report.Inspection.Header, report.Inspection.StructureProblem, withText: true);
            DiagnosticJson.WriteSegment(writer, "claims", report.Inspection.Payload, report.Inspection.StructureProblem, withText: true);
            DiagnosticJson.WriteTimes(writer, report.Times);
            writer.WriteEndObject();
        }

        // Relaxed escaping keeps URLs and names readable; TerminalText then escapes what a
        // terminal could misread (controls, bidi overrides), which keeps the JSON valid.
        return TerminalText.Escape(Encoding.UTF8.GetString(stream.ToArray())) + "\n";
    }

    internal static JsonWriterOptions Options { get; } = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = TokenInspection.MaxDisplayDepth + 8,
    };

    internal static string Iso(DateTimeOffset moment) =>
        moment.ToString(moment.Millisecond == 0 ? "yyyy-MM-ddTHH:mm:ssZ" : "yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);

    private static void WriteUnixSeconds(Utf8JsonWriter writer, string name, DateTimeOffset moment)
    {
        long ms = moment.ToUnixTimeMilliseconds();
        if (ms % 1000 == 0)
        {
            writer.WriteNumber(name, ms / 1000);
        }
        else
        {
            writer.WriteNumber(name, ms / 1000.0);
        }
    }

    private static void WriteKey(Utf8JsonWriter writer, VerificationKey? key)
    {
        if (key is null)
        {
            writer.WriteNull("key");
            return;
        }

        writer.WriteStartObject("key");
        writer.WriteString("kid", key.Kid);
        writer.WriteString("kty", key.KeyType switch { KeyType.Rsa => "RSA", KeyType.EcP256 => "EC", _ => "OKP" });
        writer.WriteNumber("bits", key.KeySizeInBits);
        writer.WriteStartArray("algorithms");
        foreach (string algorithm in key.Algorithms)
        {
            writer.WriteStringValue(algorithm);
        }

        writer.WriteEndArray();
        writer.WriteString("thumbprint", key.Thumbprint);
        writer.WriteEndObject();
    }

    private static void WriteKeySource(Utf8JsonWriter writer, LoadedKeys keys)
    {
        writer.WriteStartObject("keySource");
        writer.WriteString("kind", keys.Kind);
        writer.WriteString("location", keys.Location);
        writer.WriteBoolean("anyKid", keys.Set.IsPemMode);
        writer.WriteStartArray("kids");
        foreach (string kid in keys.Kids)
        {
            writer.WriteStringValue(kid);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("rejected");
        foreach (JsonWebKeyRejection rejected in keys.Rejected)
        {
            writer.WriteStartObject();
            writer.WriteString("kid", rejected.Kid);
            writer.WriteString("reason", rejected.Reason);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteChecks(Utf8JsonWriter writer, TokenVerifyRequest request)
    {
        writer.WriteStartObject("checks");
        if (request.NoIssuerCheck)
        {
            writer.WriteNull("issuers");
        }
        else
        {
            WriteStrings(writer, "issuers", request.Issuers);
        }

        WriteStrings(writer, "authorizedParties", request.AuthorizedParties);
        WriteStrings(writer, "audiences", request.Audiences);
        writer.WriteString("kind", request.Kind == TokenKind.Template ? "template" : "session");
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
