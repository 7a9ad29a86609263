using System.Text.Json;
using Latchkey.Cli.Tests.Support;
using static Latchkey.Cli.Tests.Support.ExplainSetup;

namespace Latchkey.Cli.Tests.Commands.Request.Explain;

/// <summary>
/// <c>request explain</c> reports the clock offset a refused token measures (docs/clock-skew.md):
/// a token issued in this machine's future bounds how far this clock is behind; an expired
/// token's age bounds how far it is ahead. The test token: iat T, nbf T−10 s, exp T+60 s; skew 5 s.
/// </summary>
public class ExplainClockTests
{
    private static Task<CliRun> BearerAtAsync(long offsetMilliseconds, params string[] extra) =>
        ExplainAsync("/api", "GET", [.. Fetch, ("Authorization", "Bearer " + SessionToken())], offsetMilliseconds, null, extra);

    [Fact]
    public async Task Explain_ClockBehindBy30s_ClockLineStatesAtLeast30sBehind()
    {
        CliRun run = await BearerAtAsync(-30_000);

        Assert.Contains("Clock: the token was issued 30 s in this machine's future (iat): this machine's clock is at least 30 s behind the issuer's; check the clock (NTP)", run.Stdout);
    }

    [Fact]
    public async Task Explain_ClockBehindBy30sJson_ClockObjectWithOffset()
    {
        JsonElement clock = (await BearerAtAsync(-30_000, "--json")).Json().GetProperty("clock");

        Assert.Equal(30, clock.GetProperty("offsetSeconds").GetDouble());
        Assert.Equal("at-least", clock.GetProperty("bound").GetString());
        Assert.Equal("iat", clock.GetProperty("basis").GetString());
    }

    [Fact]
    public async Task Explain_ClockAheadBy70s_ClockObjectWithUpperBound()
    {
        CliRun run = await BearerAtAsync(70_000, "--json");
        JsonElement json = run.Json();

        Assert.Equal("session-token-expired-refresh-non-eligible-no-refresh-cookie", json.GetProperty("reason").GetString());
        Assert.Equal(-70, json.GetProperty("clock").GetProperty("offsetSeconds").GetDouble());
        Assert.Equal("at-most", json.GetProperty("clock").GetProperty("bound").GetString());
        Assert.Contains("up to 70 s ahead", json.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3_000)]
    [InlineData(-3_000)]
    [InlineData(3_600_000)]
    public async Task Explain_WithinSkewOrLongExpired_NoClockReading(long offset)
    {
        JsonElement json = (await BearerAtAsync(offset, "--json")).Json();

        Assert.Equal(JsonValueKind.Null, json.GetProperty("clock").ValueKind);
    }
}
