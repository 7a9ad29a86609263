using System.Text.Json;
using Latchkey.Cli.Tests.Support;

namespace Latchkey.Cli.Tests;

/// <summary>The built tool as a real process: argument parsing, piped stdin, stdout/stderr and exit codes end to end.</summary>
public class ProcessTests
{
    [Fact]
    public async Task Process_ValidTokenOnStdin_ExitsZeroAndPrintsValid()
    {
        CliRun run = await RunProcessAsync(TestKeys.Mint() + "\n", "token", "verify", "--pem", KeyFiles.Pem, "--issuer", TestKeys.Issuer, "--now", VerifyArgs.Now(10));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("VALID\n", run.Stdout);
        Assert.Contains("Input       stdin,", run.Stdout);
    }

    [Fact]
    public async Task Process_ExpiredTokenWithJson_ExitsOneWithOneJsonObject()
    {
        CliRun run = await RunProcessAsync(null, "token", "verify", TestKeys.Mint(), "--jwks", KeyFiles.Jwks, "--issuer", TestKeys.Issuer, "--now", VerifyArgs.Now(120), "--json");

        Assert.True(run.ExitCode == 1, run.ToString());
        JsonElement json = run.Json();
        Assert.False(json.GetProperty("valid").GetBoolean());
        Assert.Equal("token-expired", json.GetProperty("reason").GetString());
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public async Task Process_UsageError_ExitsTwoWithMessageOnStderr()
    {
        CliRun run = await RunProcessAsync(null, "token", "verify", "abc", "--pem", KeyFiles.Pem);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains("latchkey: no issuer", run.Stderr);
    }

    private static Task<CliRun> RunProcessAsync(string? stdin, params string[] args) => ToolProcess.RunAsync(stdin, null, args);

    [Fact]
    public async Task Process_RequestExplainOnStdin_ExitsZeroWhenSignedIn()
    {
        string request = ExplainSetup.Request("/api", "GET", [.. ExplainSetup.Fetch, ("Authorization", "Bearer " + ExplainSetup.SessionToken())]);

        CliRun run = await RunProcessAsync(request, "request", "explain", "--options", ExplainSetup.OptionsFile(), "--now", ExplainSetup.Now(10_000));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("SIGNED-IN\n", run.Stdout);
    }

    [Fact]
    public async Task Process_RequestExplainBatchWithABadLine_ExitsOneAfterEveryLine()
    {
        string good = "{\"request\":" + ExplainSetup.Request("/api", "GET", ExplainSetup.Fetch) + "}";

        CliRun run = await RunProcessAsync(good + "\nnope\n" + good + "\n", "request", "explain", "--batch", "--options", ExplainSetup.OptionsFile(), "--now", ExplainSetup.Now());

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(3, run.Stdout.TrimEnd('\n').Split('\n').Length);
        Assert.Equal("", run.Stderr);
    }
}
