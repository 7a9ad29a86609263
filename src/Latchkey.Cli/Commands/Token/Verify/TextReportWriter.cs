using System.Globalization;
using System.Text;
using System.Text.Json;
using Latchkey.Cli.Diagnostics;
using Latchkey.Cli.Infrastructure;
using Latchkey.Tokens;

namespace Latchkey.Cli.Commands.Token.Verify;

/// <summary>
/// Writes a <see cref="VerifyReport"/> for people: the verdict and reason first, then why and
/// what to do, the judging moment and keys, the header and claims as indented JSON (claims
/// labelled UNVERIFIED unless the signature held) and the time claims relative to the judging
/// moment. Untrusted text is escaped with <see cref="TerminalText"/>.
/// </summary>
internal static class TextReportWriter
{
    private const string Indent = "  ";

    public static string Write(VerifyReport report)
    {
        var text = new StringBuilder(2048);
        if (report.Valid)
        {
            text.AppendLine("VALID");
            text.Append(Indent).AppendLine(report.Message);
        }
        else
        {
            text.Append("REJECTED: ").AppendLine(report.Reason);
            text.Append(Indent).AppendLine(report.Message);
            text.Append(Indent).Append("Why:  ").AppendLine(report.Guide!.Explanation);
            text.Append(Indent).Append("Do:   ").AppendLine(report.Guide.WhatToDo);
        }

        foreach (string hint in report.Hints)
        {
            text.Append(Indent).Append("Hint: ").AppendLine(hint);
        }

        text.AppendLine();
        AppendFacts(text, report);
        text.AppendLine();
        TokenText.AppendSegment(text, Indent, report.SignatureVerified ? "Header" : "Header (UNVERIFIED)", report.Inspection.Header, report.Inspection.StructureProblem);
        text.AppendLine();
        TokenText.AppendSegment(text, Indent, ClaimsTitle(report), report.Inspection.Payload, report.Inspection.StructureProblem);
        if (report.Times.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Times");
            TokenText.AppendTimes(text, Indent, report.Times);
        }

        return TerminalText.Escape(text.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    private static void AppendFacts(StringBuilder text, VerifyReport report)
    {
        TokenVerifyRequest request = report.Request;
        string nowSource = request.NowUnixMilliseconds is null ? "this machine's clock" : "--now";
        text.Append("Judged at   ").Append(JsonReportWriter.Iso(report.Now))
            .Append(CultureInfo.InvariantCulture, $" ({(report.Now.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture)}, {nowSource}); clock skew ")
            .AppendLine(DurationText.Format(request.ClockSkew.TotalMilliseconds / 1000.0));

        LoadedKeys keys = report.Keys;
        text.Append("Keys        ").Append(keys.Kind == "pem" ? "PEM " : "JWKS ").Append(keys.Location).Append(": ");
        text.AppendLine(keys.Set.IsPemMode
            ? Describe(keys.Set.Keys[0]) + ", used whatever the token's kid says"
            : string.Join("; ", keys.Set.Keys.Select(k => $"\"{k.Kid}\" {Describe(k)}")));
        foreach (JsonWebKeyRejection rejected in keys.Rejected)
        {
            text.Append("            left out: kid \"").Append(rejected.Kid ?? "(none)").Append("\": ").AppendLine(rejected.Reason);
        }

        text.Append("Signature   ");
        text.AppendLine(report.Result.Key is { } key
            ? $"verified with {(keys.Set.IsPemMode ? "the PEM key" : $"key \"{key.Kid}\"")} ({report.Result.Header?.Algorithm})"
            : "NOT verified");

        var checks = new List<string>
        {
            request.NoIssuerCheck ? "issuer not checked" : "issuer " + string.Join(" or ", request.Issuers),
            request.AuthorizedParties.Count > 0 ? "authorized party " + string.Join(" or ", request.AuthorizedParties) : "any authorized party",
            request.Audiences.Count > 0 ? "audience " + string.Join(" or ", request.Audiences) : "any audience",
            request.Kind == TokenKind.Template ? "kind template" : "kind session",
        };
        text.Append("Checks      ").AppendLine(string.Join("; ", checks));
        text.Append("Input       ").Append(report.Input.Source).Append(CultureInfo.InvariantCulture, $", {report.Input.Token.Length} characters, {report.Inspection.SegmentCount} segment{(report.Inspection.SegmentCount == 1 ? "" : "s")}").AppendLine();
    }

    private static string ClaimsTitle(VerifyReport report) => report.SignatureVerified
        ? report.Valid ? "Claims (verified)" : "Claims (signature verified; a claim check failed)"
        : "Claims (UNVERIFIED: the signature did not hold or was not checked; do not trust these values)";

    private static string Describe(VerificationKey key) =>
        $"{key.KeyType switch { KeyType.Rsa => "RSA", KeyType.EcP256 => "EC P-256", _ => "Ed25519" }} {key.KeySizeInBits} bits, {string.Join("/", key.Algorithms)}";
}
