using System.Text.Json;
using Latchkey.Cli.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static Latchkey.Cli.Tests.Support.ExplainSetup;

namespace Latchkey.Cli.Tests.Commands.Request.Explain;

/// <summary>
/// <c>--now</c> in Unix milliseconds, to the millisecond at the boundaries the package applies
/// (exp and iat with the clock skew), its refusals, and the clock when it is absent. The test token
/// is issued at T with nbf T-10 s and exp T+60 s; the default skew is 5 s.
/// </summary>
public class ExplainNowTests
{
    private static async Task<JsonElement> ClassifyAtAsync(long offsetMilliseconds, string? options = null)
    {
        CliRun run = await ExplainAsync("/api", "GET", [.. Fetch, ("Authorization", "Bearer " + SessionToken())], offsetMilliseconds, options, "--json");
        Assert.True(run.ExitCode is 0 or 1, run.ToString());
        return run.Json();
    }

    [Theory]
    [InlineData(64_999, "signed-in", null)]
    [InlineData(65_000, "signed-out", "session-token-expired-refresh-non-eligible-no-refresh-cookie")]
    [InlineData(-5_000, "signed-in", null)]
    [InlineData(-5_001, "signed-out", "session-token-iat-in-the-future")]
    public async Task Explain_NowAroundExpAndIatWithDefaultSkew_ChangesStateAtTheMillisecond(long offset, string status, string? reason)
    {
        JsonElement json = await ClassifyAtAsync(offset);

        Assert.Equal(status, json.GetProperty("status").GetString());
        Assert.Equal(reason, json.GetProperty("reason").GetString());
        Assert.Equal(TestKeys.NowSeconds * 1000 + offset, json.GetProperty("now").GetInt64());
        Assert.Equal("option", json.GetProperty("nowSource").GetString());
    }

    [Theory]
    [InlineData(59_999, "signed-in")]
    [InlineData(60_000, "signed-out")]
    public async Task Explain_ClockSkewZero_ExpIsTheBoundary(long offset, string status)
    {
        Dictionary<string, object?> options = Options();
        options["clockSkewInMs"] = 0;

        JsonElement json = await ClassifyAtAsync(offset, OptionsFile(options));

        Assert.Equal(status, json.GetProperty("status").GetString());
        Assert.Equal(0, json.GetProperty("clockSkewMs").GetInt64());
    }

    [Fact]
    public async Task Explain_NowBeforeNbfBeyondSkew_SessionTokenNbfOnNavigationIsAHandshake()
    {
        string token = SessionToken(TestKeys.Payload().Replace($"\"iat\":{TestKeys.NowSeconds}", $"\"iat\":{TestKeys.NowSeconds - 20}", StringComparison.Ordinal));

        CliRun run = await ExplainAsync("/", "GET", [.. Navigation, ("Cookie", Cookies(token, uat: TestKeys.NowSeconds - 30))], -15_001, null, "--json");

        Assert.Equal("handshake", run.Json().GetProperty("status").GetString());
        Assert.Equal("session-token-nbf", run.Json().GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("abc", "--now: \"abc\" is not a whole number of Unix milliseconds from 0 to 253402300799999")]
    [InlineData("-1", "--now: \"-1\" is not a whole number of Unix milliseconds")]
    [InlineData("253402300800000", "--now: \"253402300800000\" is not a whole number of Unix milliseconds")]
    [InlineData("1767225600.5", "(this looks like Unix seconds: multiply by 1000)")]
    [InlineData("1e12", "--now: \"1e12\" is not a whole number of Unix milliseconds")]
    public async Task Explain_BadNow_UsageError(string now, string expected)
    {
        CliRun run = await Tool.RunAsync("request", "explain", RequestFile("/", "GET", Fetch), "--options", OptionsFile(), "--now", now);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains(expected, run.Stderr);
    }

    [Fact]
    public async Task Explain_NowLatestMoment_Accepted()
    {
        CliRun run = await Tool.RunAsync("request", "explain", RequestFile("/", "GET", [.. Fetch, ("Authorization", "Bearer " + SessionToken())]), "--options", OptionsFile(), "--now", "253402300799999", "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("9999-12-31T23:59:59.999Z", run.Json().GetProperty("nowIso").GetString());
    }

    [Fact]
    public async Task Explain_NowInSeconds_ClassifiesAsGivenAndWarns()
    {
        CliRun run = await Tool.RunAsync("request", "explain", RequestFile("/", "GET", [.. Fetch, ("Authorization", "Bearer " + SessionToken())]), "--options", OptionsFile(), "--now", "1767225600", "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("latchkey: warning: --now 1767225600 is 1970-01-21T10:53:45.600Z; --now takes milliseconds (Unix seconds × 1000)\n", run.Stderr);
        Assert.Equal("session-token-nbf", run.Json().GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Explain_NoNow_UsesTheClockOnce()
    {
        var clock = new FakeTimeProvider(TestKeys.Now.AddSeconds(20).AddMilliseconds(250));
        string request = RequestFile("/", "GET", [.. Fetch, ("Authorization", "Bearer " + SessionToken())]);

        CliRun run = await Tool.RunAsync(clock, null, "request", "explain", request, "--options", OptionsFile(), "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        JsonElement json = run.Json();
        Assert.Equal("clock", json.GetProperty("nowSource").GetString());
        Assert.Equal("2026-01-01T00:00:20.250Z", json.GetProperty("nowIso").GetString());
        Assert.Equal("issued 20.25 s ago", json.GetProperty("tokens")[0].GetProperty("times").GetProperty("iat").GetProperty("description").GetString());
    }
}
