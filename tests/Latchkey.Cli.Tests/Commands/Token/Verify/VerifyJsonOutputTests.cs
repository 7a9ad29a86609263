using System.Text.Json;
using Latchkey.Cli.Tests.Support;

namespace Latchkey.Cli.Tests.Commands.Token.Verify;

/// <summary>The shape of <c>--json</c>: exactly one object with the documented members.</summary>
public class VerifyJsonOutputTests
{
    [Fact]
    public async Task Verify_JsonForValidToken_PrintsOneObjectWithVerdictHeaderClaimsAndTimes()
    {
        CliRun run = await Tool.RunAsync(VerifyArgs.Pem(TestKeys.Mint(), 30, "--json"));

        Assert.True(run.ExitCode == 0, run.ToString());
        JsonElement json = run.Json();
        Assert.True(json.GetProperty("valid").GetBoolean());
        Assert.Equal("VALID", json.GetProperty("verdict").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("reason").ValueKind);
        Assert.StartsWith("the token verified", json.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("whatToDo").ValueKind);
        Assert.Equal(TestKeys.NowSeconds + 30, json.GetProperty("now").GetInt64());
        Assert.Equal("2026-01-01T00:00:30Z", json.GetProperty("nowIso").GetString());
        Assert.Equal("option", json.GetProperty("nowSource").GetString());
        Assert.Equal(5, json.GetProperty("clockSkewSeconds").GetDouble());
        Assert.True(json.GetProperty("signatureVerified").GetBoolean());
        Assert.True(json.GetProperty("claimsVerified").GetBoolean());
        Assert.Equal("RS256", json.GetProperty("header").GetProperty("alg").GetString());
        Assert.Equal("user_2cli", json.GetProperty("claims").GetProperty("sub").GetString());
        Assert.Equal("local", json.GetProperty("key").GetProperty("kid").GetString());
        Assert.Equal("pem", json.GetProperty("keySource").GetProperty("kind").GetString());
        Assert.True(json.GetProperty("keySource").GetProperty("anyKid").GetBoolean());
        Assert.Equal(TestKeys.Issuer, json.GetProperty("checks").GetProperty("issuers")[0].GetString());
        Assert.Equal(3, json.GetProperty("input").GetProperty("segments").GetInt32());

        JsonElement exp = json.GetProperty("times").GetProperty("exp");
        Assert.Equal(TestKeys.NowSeconds + 60, exp.GetProperty("value").GetInt64());
        Assert.Equal("2026-01-01T00:01:00Z", exp.GetProperty("iso").GetString());
        Assert.Equal(30, exp.GetProperty("secondsFromNow").GetDouble());
        Assert.Equal("expires in 30 s", exp.GetProperty("description").GetString());
        Assert.Equal(-30, json.GetProperty("times").GetProperty("iat").GetProperty("secondsFromNow").GetDouble());
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public async Task Verify_JsonForExpiredToken_CarriesReasonGuideAndNegativeDelta()
    {
        CliRun run = await Tool.RunAsync(VerifyArgs.Pem(TestKeys.Mint(), 102, "--json"));

        Assert.True(run.ExitCode == 1, run.ToString());
        JsonElement json = run.Json();
        Assert.False(json.GetProperty("valid").GetBoolean());
        Assert.Equal("REJECTED", json.GetProperty("verdict").GetString());
        Assert.Equal("token-expired", json.GetProperty("reason").GetString());
        Assert.Contains("expired", json.GetProperty("message").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("explanation").GetString()));
        Assert.False(string.IsNullOrEmpty(json.GetProperty("whatToDo").GetString()));
        Assert.True(json.GetProperty("signatureVerified").GetBoolean());
        Assert.Equal(-42, json.GetProperty("times").GetProperty("exp").GetProperty("secondsFromNow").GetDouble());
        Assert.Equal("expired 42 s ago", json.GetProperty("times").GetProperty("exp").GetProperty("description").GetString());
    }

    [Fact]
    public async Task Verify_JsonForBadSignature_MarksClaimsUnverifiedButDecodesThem()
    {
        string token = TestKeys.Mint(key: TestKeys.OtherWithSameKid);

        CliRun run = await Tool.RunAsync(VerifyArgs.Pem(token, 0, "--json"));

        Assert.True(run.ExitCode == 1, run.ToString());
        JsonElement json = run.Json();
        Assert.Equal("token-invalid-signature", json.GetProperty("reason").GetString());
        Assert.False(json.GetProperty("signatureVerified").GetBoolean());
        Assert.False(json.GetProperty("claimsVerified").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("key").ValueKind);
        Assert.Equal("user_2cli", json.GetProperty("claims").GetProperty("sub").GetString());
        Assert.Contains(json.GetProperty("hints").EnumerateArray(), h => h.GetString()!.Contains("UNVERIFIED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_JsonForGarbage_HasNullHeaderAndClaimsWithProblems()
    {
        CliRun run = await Tool.RunAsync(VerifyArgs.Pem("not.a.token!", 0, "--json"));

        Assert.True(run.ExitCode == 1, run.ToString());
        JsonElement json = run.Json();
        Assert.Equal("token-invalid", json.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("header").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("claims").ValueKind);
        Assert.StartsWith("the segment is not valid JSON", json.GetProperty("headerProblem").GetString());
        Assert.Equal("the segment is not base64url", json.GetProperty("claimsProblem").GetString());
        Assert.Empty(json.GetProperty("times").EnumerateObject());
    }

    [Fact]
    public async Task Verify_JsonForOneSegment_ReportsTheStructureProblem()
    {
        CliRun run = await Tool.RunAsync(VerifyArgs.Pem("abc", 0, "--json"));

        JsonElement json = run.Json();
        Assert.Equal(1, json.GetProperty("input").GetProperty("segments").GetInt32());
        Assert.Contains("1 dot-separated segment", json.GetProperty("headerProblem").GetString());
    }

    [Fact]
    public async Task Verify_JsonWithFractionalNow_KeepsMilliseconds()
    {
        string[] args = VerifyArgs.Pem(TestKeys.Mint(), 0, "--json");
        args[Array.IndexOf(args, "--now") + 1] = TestKeys.NowSeconds + ".25";

        CliRun run = await Tool.RunAsync(args);

        JsonElement json = run.Json();
        Assert.Equal(TestKeys.NowSeconds + 0.25, json.GetProperty("now").GetDouble());
        Assert.Equal("2026-01-01T00:00:00.250Z", json.GetProperty("nowIso").GetString());
        Assert.Equal(59.75, json.GetProperty("times").GetProperty("exp").GetProperty("secondsFromNow").GetDouble());
    }

    [Fact]
    public async Task Verify_JsonWithoutNow_UsesTheClockAndSaysSo()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestKeys.Now.AddSeconds(12));
        var args = new[] { "token", "verify", TestKeys.Mint(), "--pem", KeyFiles.Pem, "--issuer", TestKeys.Issuer, "--json" };

        CliRun run = await Tool.RunAsync(clock, null, args);

        JsonElement json = run.Json();
        Assert.True(json.GetProperty("valid").GetBoolean(), run.ToString());
        Assert.Equal("clock", json.GetProperty("nowSource").GetString());
        Assert.Equal(TestKeys.NowSeconds + 12, json.GetProperty("now").GetInt64());
    }
}
