using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Latchkey.AspNetCore.Tests.Differential;

/// <summary>One machine-readable exemption: the rule, what Latchkey answers instead, and why.</summary>
internal sealed record ExemptionRule(
    [property: JsonPropertyName("rule")] string Rule,
    [property: JsonPropertyName("latchkey")] ExpectedState Latchkey,
    [property: JsonPropertyName("why")] string Why)
{
    public static IReadOnlyList<ExemptionRule> Load(string path) =>
        JsonSerializer.Deserialize<List<ExemptionRule>>(File.ReadAllText(path))!;

    /// <summary>Renders the rules as the compatibility page (docs/compatibility.md).</summary>
    public static string Render(IReadOnlyList<ExemptionRule> rules)
    {
        var sb = new StringBuilder();
        sb.Append("# Compatibility with `@clerk/backend` 3.25.0\n\n");
        sb.Append("Latchkey.AspNetCore classifies requests as the pinned reference SDK does. A differential test\n");
        sb.Append("(`tests/Latchkey.AspNetCore.Tests/Differential`) runs every generated request through both\n");
        sb.Append("this package's classifier and the official `authenticateRequest` (node, networkless with `jwtKey`,\n");
        sb.Append("frozen clock) and requires the same status and reason, except where one of the rules below applies.\n");
        sb.Append("Each is a deliberate hardening. This page is generated from\n");
        sb.Append("`tests/Latchkey.AspNetCore.Tests/differential/exemptions.json`; a test fails when it is out of date.\n\n");
        sb.Append("| Rule | Latchkey answers | Why |\n| - | - | - |\n");
        foreach (var rule in rules)
        {
            sb.Append($"| `{rule.Rule}` | {rule.Latchkey.Status} `{rule.Latchkey.Reason}` | {rule.Why.Replace("|", "\\|", StringComparison.Ordinal)} |\n");
        }

        sb.Append("\nBeyond these, Latchkey always validates `iss` (the differential passes the same `issuer` to the\n");
        sb.Append("reference, so both answer `token-invalid-issuer`), omits the `Access-Control-Allow-Origin: null`\n");
        sb.Append("headers on handshake resolution, and never forwards `Cookie` or `Authorization` to the refresh call.\n");
        sb.Append("\n## The official SDK against a Latchkey server\n\n");
        sb.Append("The interop test (`tests/Latchkey.Server.Tests/Interop/ClerkBackendApiInteropTests.cs`) points the same\n");
        sb.Append("package at a running server with `apiUrl`, its secret key and no `jwtKey`. The differences accepted\n");
        sb.Append("there are in [compatibility-backend-api.md](compatibility-backend-api.md), among them one of the\n");
        sb.Append("handshake: without `proxyUrl` the SDK sends the browser to `https://<host in the publishable key>/v1/client/handshake`\n");
        sb.Append("whatever the server's scheme, so a server on plain `http://` needs HTTPS in front of it or `proxyUrl`\n");
        sb.Append("set to its origin, which the SDK uses as given (see [Handshake URLs](compatibility-backend-api.md#handshake-urls-built-by-the-sdk)).\n");
        return sb.ToString();
    }
}

/// <summary>A status and reason.</summary>
internal sealed record ExpectedState([property: JsonPropertyName("status")] string Status, [property: JsonPropertyName("reason")] string? Reason);
