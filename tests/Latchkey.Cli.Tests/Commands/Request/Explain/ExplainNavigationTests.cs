using System.Text.Json;
using Latchkey.Cli.Tests.Support;
using static Latchkey.Cli.Tests.Support.ExplainSetup;

namespace Latchkey.Cli.Tests.Commands.Request.Explain;

/// <summary>
/// The report's "page navigation" line restates protocol §5.8's eligibility; it must agree with
/// the package, which redirects stale cookies only for such requests.
/// </summary>
public class ExplainNavigationTests
{
    public static TheoryData<string, string?, string?> Requests() => new()
    {
        { "GET", "document", "text/html" },
        { "GET", "iframe", null },
        { "GET", "empty", "text/html" },
        { "GET", null, "text/html,application/xhtml+xml" },
        { "GET", null, "application/json" },
        { "GET", null, null },
        { "GET", null, "TEXT/HTML" },
        { "POST", "document", "text/html" },
        { "HEAD", "document", "text/html" },
        { "get", "document", "text/html" },
        { "GET", "Document", "text/html" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Explain_StaleCookies_HandshakeExactlyWhenTheReportSaysNavigation(string method, string? dest, string? accept)
    {
        var headers = new List<(string, string)> { ("Cookie", $"__client_uat={TestKeys.NowSeconds}; __clerk_db_jwt=dvb") };
        if (dest is not null)
        {
            headers.Add(("Sec-Fetch-Dest", dest));
        }

        if (accept is not null)
        {
            headers.Add(("Accept", accept));
        }

        CliRun run = await ExplainAsync("/", method, [.. headers], extra: "--json");

        JsonElement json = run.Json();
        bool navigation = json.GetProperty("navigation").GetBoolean();
        Assert.Equal(navigation ? "handshake" : "signed-out", json.GetProperty("status").GetString());
        Assert.Equal("client-uat-but-no-session-token", json.GetProperty("reason").GetString());
    }
}
