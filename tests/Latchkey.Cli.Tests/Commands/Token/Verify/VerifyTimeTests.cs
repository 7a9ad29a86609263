using Latchkey.Cli.Tests.Support;

namespace Latchkey.Cli.Tests.Commands.Token.Verify;

/// <summary>--now and --clock-skew reproduce a verdict at a given moment, at the exact boundaries.</summary>
public class VerifyTimeTests
{
    // Minted tokens: iat = T, nbf = T - 10, exp = T + 60; default skew 5 s.
    [Theory]
    [InlineData("1767225664.999", 0)]
    [InlineData("1767225665", 1)]
    [InlineData("1767225594.999", 1)]
    [InlineData("1767225595", 0)]
    public async Task Verify_NowAroundTheSkewBoundaries_MatchesTheVerifier(string now, int expectedExit)
    {
        string[] args = VerifyArgs.Pem(TestKeys.Mint());
        args[Array.IndexOf(args, "--now") + 1] = now;

        CliRun run = await Tool.RunAsync(args);

        Assert.True(run.ExitCode == expectedExit, run.ToString());
    }

    [Fact]
    public async Task Verify_SameTokenAtTwoMoments_ReproducesValidThenExpired()
    {
        string token = TestKeys.Mint();

        CliRun atIssue = await Tool.RunAsync(VerifyArgs.Pem(token, 0));
        CliRun later = await Tool.RunAsync(VerifyArgs.Pem(token, 3600));

        Assert.Equal(0, atIssue.ExitCode);
        Assert.Equal(1, later.ExitCode);
        Assert.StartsWith("REJECTED: token-expired\n", later.Stdout);
        Assert.Contains("expired 59 min ago", later.Stdout);
    }

    [Fact]
    public async Task Verify_ExpiredWithinTheSkew_IsValidAndSaysSo()
    {
        CliRun run = await Tool.RunAsync(VerifyArgs.Pem(TestKeys.Mint(), 63));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("expired 3 s ago (within the 5 s clock skew: still accepted)", run.Stdout);
    }

    [Fact]
    public async Task Verify_LargerClockSkew_AcceptsALateToken()
    {
        CliRun strict = await Tool.RunAsync(VerifyArgs.Pem(TestKeys.Mint(), 90));
        CliRun lenient = await Tool.RunAsync(VerifyArgs.Pem(TestKeys.Mint(), 90, "--clock-skew", "31"));

        Assert.Equal(1, strict.ExitCode);
        Assert.True(lenient.ExitCode == 0, lenient.ToString());
        Assert.Contains("clock skew 31 s", lenient.Stdout);
    }

    [Fact]
    public async Task Verify_ZeroClockSkew_RejectsAtExpiry()
    {
        CliRun run = await Tool.RunAsync(VerifyArgs.Pem(TestKeys.Mint(), 60, "--clock-skew", "0"));

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("REJECTED: token-expired\n", run.Stdout);
    }

    [Fact]
    public async Task Verify_WithoutNow_JudgesAtTheClock()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestKeys.Now.AddHours(2));
        var args = new[] { "token", "verify", TestKeys.Mint(), "--pem", KeyFiles.Pem, "--issuer", TestKeys.Issuer };

        CliRun run = await Tool.RunAsync(clock, null, args);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("this machine's clock", run.Stdout);
        Assert.Contains("expired 1 h 59 min ago", run.Stdout);
    }

    [Fact]
    public async Task Verify_NotYetActiveByTheClock_HintsAtClockDrift()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestKeys.Now.AddMinutes(-5));
        var args = new[] { "token", "verify", TestKeys.Mint(), "--pem", KeyFiles.Pem, "--issuer", TestKeys.Issuer };

        CliRun run = await Tool.RunAsync(clock, null, args);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("REJECTED: token-not-active-yet\n", run.Stdout);
        Assert.True(run.Stdout.Contains("The token's nbf is 4 min 50 s ahead of this machine's clock", StringComparison.Ordinal), run.ToString());
    }

    [Fact]
    public async Task Verify_NonNumericTimeClaim_IsShownAsNotANumericDate()
    {
        string token = TestKeys.Forge(TestKeys.Header(), TestKeys.Payload().Replace($"\"exp\":{TestKeys.NowSeconds + 60}", "\"exp\":\"tomorrow\"", StringComparison.Ordinal));

        CliRun run = await Tool.RunAsync(VerifyArgs.Pem(token));

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("REJECTED: token-verification-failed\n", run.Stdout);
        Assert.Contains("exp  \"tomorrow\"", run.Stdout);
        Assert.Contains("not a NumericDate", run.Stdout);
    }
}
