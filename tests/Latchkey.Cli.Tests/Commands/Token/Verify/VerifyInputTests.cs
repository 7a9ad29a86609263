using Latchkey.Cli.Tests.Support;

namespace Latchkey.Cli.Tests.Commands.Token.Verify;

/// <summary>Where the token comes from: the argument, standard input with '-', or piped standard input.</summary>
public class VerifyInputTests
{
    [Fact]
    public async Task Verify_TokenPipedWithoutArgument_ReadsStdinAndTrimsWhitespace()
    {
        CliRun run = await Tool.RunWithStdinAsync("\n  " + TestKeys.Mint() + " \r\n\t", VerifyArgs.Pem(null));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Input       stdin,", run.Stdout);
    }

    [Fact]
    public async Task Verify_DashArgument_ReadsStdin()
    {
        CliRun run = await Tool.RunWithStdinAsync(TestKeys.Mint() + "\n", VerifyArgs.Pem("-"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Input       stdin,", run.Stdout);
    }

    [Fact]
    public async Task Verify_Utf8ByteOrderMarkOnStdin_IsIgnored()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.ASCII.GetBytes(TestKeys.Mint())];

        CliRun run = await Tool.RunWithStdinAsync(bytes, VerifyArgs.Pem("-"));

        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public async Task Verify_ArgumentWithSurroundingWhitespace_IsTrimmed()
    {
        CliRun run = await Tool.RunAsync(VerifyArgs.Pem(" " + TestKeys.Mint() + "\n"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Input       argument,", run.Stdout);
    }

    [Fact]
    public async Task Verify_NoArgumentAndNothingPiped_IsAUsageError()
    {
        CliRun run = await Tool.RunAsync(VerifyArgs.Pem(null));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains("no token: pass it as an argument, or pipe it on standard input", run.Stderr);
    }

    [Fact]
    public async Task Verify_EmptyStdin_IsAUsageError()
    {
        CliRun run = await Tool.RunWithStdinAsync(" \n\n", VerifyArgs.Pem(null));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("the token on standard input is empty", run.Stderr);
    }

    [Fact]
    public async Task Verify_EmptyArgument_IsAUsageError()
    {
        CliRun run = await Tool.RunAsync(VerifyArgs.Pem("   "));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("the token argument is empty", run.Stderr);
    }

    [Fact]
    public async Task Verify_BearerPrefixPasted_RejectsAndSaysToDropTheScheme()
    {
        CliRun run = await Tool.RunWithStdinAsync("Bearer " + TestKeys.Mint(), VerifyArgs.Pem(null));

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("REJECTED: token-invalid\n", run.Stdout);
        Assert.Contains("pass only the token, without the Authorization scheme", run.Stdout);
    }

    [Fact]
    public async Task Verify_TokenStartingWithDashAfterDoubleDash_IsTakenAsTheToken()
    {
        string[] args = [.. VerifyArgs.Pem(null), "--", "-abc.def.ghi"];

        CliRun run = await Tool.RunAsync(args);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("REJECTED: token-invalid\n", run.Stdout);
    }

    [Fact]
    public async Task Verify_TokenStartingWithAt_IsNotReadAsAResponseFile()
    {
        string file = KeyFiles.Write("response.rsp", TestKeys.Mint());

        CliRun run = await Tool.RunAsync(VerifyArgs.Pem("@" + file));

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("REJECTED: token-invalid\n", run.Stdout);
    }
}
