using System.Text;
using System.Text.Json;
using Latchkey.Cli.Tests.Support;

namespace Latchkey.Cli.Tests.Commands.Token.Verify;

/// <summary>
/// Hostile input never crashes the tool: huge, deeply nested, binary, invalid UTF-8, escape
/// sequences, lone surrogates, absurd numbers. Every run ends in a verdict (exit 0 or 1) or a
/// usage error (exit 2), never an internal error (exit 3), and JSON output always parses.
/// </summary>
public class VerifyHostileInputTests
{
    [Fact]
    public async Task Verify_TenMegabytesOnStdin_IsRefusedBeforeParsing()
    {
        byte[] huge = new byte[10 * 1024 * 1024];
        huge.AsSpan().Fill((byte)'A');

        CliRun run = await Tool.RunWithStdinAsync(huge, VerifyArgs.Pem(null));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains("larger than 65,536 bytes", run.Stderr);
    }

    [Fact]
    public async Task Verify_HugeArgument_IsRefusedBeforeParsing()
    {
        CliRun run = await Tool.RunAsync(VerifyArgs.Pem(new string('A', 100_000)));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("longer than 65,536 characters", run.Stderr);
    }

    [Fact]
    public async Task Verify_TokenAboveTheVerifierLimit_IsRejectedAsInvalid()
    {
        string token = new string('A', 8000) + "." + new string('A', 8000) + "." + new string('A', 4000);

        CliRun run = await Tool.RunAsync(VerifyArgs.Pem(token, 0, "--json"));

        Assert.Equal(1, run.ExitCode);
        JsonElement json = run.Json();
        Assert.Equal("token-invalid", json.GetProperty("reason").GetString());
        Assert.Contains("longer than 16384 characters", json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Verify_DeeplyNestedHeader_IsRejectedAndNotShownAsJson()
    {
        string header = "{\"alg\":\"RS256\",\"x\":" + new string('[', 4000) + new string(']', 4000) + "}";
        string token = TestKeys.B64(header) + "." + TestKeys.B64(TestKeys.Payload()) + ".c2ln";

        CliRun run = await Tool.RunAsync(VerifyArgs.Pem(token));

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("REJECTED: token-invalid\n", run.Stdout);
        Assert.Contains("(cannot be shown: the segment is not valid JSON", run.Stdout);
    }

    [Theory]
    [InlineData(30)]
    [InlineData(200)]
    public async Task Verify_DeeplyNestedSignedClaims_AreRejectedCleanly(int depth)
    {
        string payload = TestKeys.Payload(",\"deep\":" + new string('[', depth) + new string(']', depth));

        CliRun run = await Tool.RunAsync(VerifyArgs.Pem(TestKeys.Forge(TestKeys.Header(), payload), 0, "--json"));

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("token-invalid", run.Json().GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Verify_InvalidUtf8OnStdin_IsRejectedWithANote()
    {
        byte[] token = Encoding.ASCII.GetBytes(TestKeys.Mint());
        byte[] input = [.. token.AsSpan(0, 10), 0xFF, 0xC3, 0x28, .. token.AsSpan(10)];

        CliRun run = await Tool.RunWithStdinAsync(input, VerifyArgs.Pem(null));

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("REJECTED: token-invalid\n", run.Stdout);
        Assert.Contains("the input is not valid UTF-8 (first bad byte at offset 10)", run.Stdout);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Verify_RandomBinaryOnStdin_EndsInAVerdictOrUsageError(int seed)
    {
        var random = new Random(seed);
        byte[] garbage = new byte[random.Next(1, 20_000)];
        random.NextBytes(garbage);

        CliRun run = await Tool.RunWithStdinAsync(garbage, VerifyArgs.Pem(null, 0, "--json"));

        AssertCleanOutcome(run);
    }

    [Theory]
    [InlineData("\0\0\0")]
    [InlineData("..")]
    [InlineData("....................................................................")]
    [InlineData("a.b.c")]
    [InlineData("eyJ.eyJ.x")]
    [InlineData("=.=.=")]
    [InlineData("\u001b[2J\u001b[31mowned")]
    public async Task Verify_OddTokens_EndInACleanRejection(string token)
    {
        CliRun text = await Tool.RunAsync(VerifyArgs.Pem(token));
        CliRun json = await Tool.RunAsync(VerifyArgs.Pem(token, 0, "--json"));

        Assert.True(text.ExitCode == 1, text.ToString());
        AssertCleanOutcome(json);
        Assert.DoesNotContain('\u001b', text.Stdout);
    }

    [Fact]
    public async Task Verify_TerminalEscapesAndBidiInClaims_ArePrintedEscaped()
    {
        string payload = TestKeys.Payload(",\"name\":\"\\u001b[31mred\\u202egnp.exe\\u0007\"");
        string token = TestKeys.Forge(TestKeys.Header(), payload);

        CliRun text = await Tool.RunAsync(VerifyArgs.Pem(token));
        CliRun json = await Tool.RunAsync(VerifyArgs.Pem(token, 0, "--json"));

        Assert.True(text.ExitCode == 0, text.ToString());
        foreach (char dangerous in "\u001b\u202e\u0007")
        {
            Assert.DoesNotContain(dangerous, text.Stdout);
            Assert.DoesNotContain(dangerous, json.Stdout);
        }

        Assert.Contains("\\u202e", text.Stdout);
        Assert.Equal("\u001b[31mred\u202egnp.exe\u0007", json.Json().GetProperty("claims").GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("\"sub\":\"user_1\\ud800\"")]
    [InlineData("\"x\":\"\\udc00\"")]
    [InlineData("\"\\ud800\":1")]
    public async Task Verify_LoneSurrogateEscapesInClaims_EndCleanly(string member)
    {
        string payload = TestKeys.Payload("," + member).Replace("\"sub\":\"user_1\",", "", StringComparison.Ordinal);
        if (!member.StartsWith("\"sub\"", StringComparison.Ordinal))
        {
            payload = TestKeys.Payload("," + member);
        }

        string token = TestKeys.Forge(TestKeys.Header(), payload);

        CliRun text = await Tool.RunAsync(VerifyArgs.Pem(token));
        CliRun json = await Tool.RunAsync(VerifyArgs.Pem(token, 0, "--json"));

        Assert.True(text.ExitCode is 0 or 1, text.ToString());
        AssertCleanOutcome(json);
    }

    [Theory]
    [InlineData("{\"alg\":\"RS256\",\"kid\":\"\\ud800\",\"typ\":\"JWT\"}")]
    [InlineData("{\"alg\":\"RS256\",\"\\ud800\":1}")]
    [InlineData("{\"alg\":\"\\udc00\"}")]
    [InlineData("{\"alg\":\"RS256\",\"crit\":[\"\\ud800\"]}")]
    public async Task Verify_LoneSurrogateEscapesInHeader_AreRejectedAsInvalid(string header)
    {
        string token = TestKeys.Forge(header, TestKeys.Payload());

        CliRun pem = await Tool.RunAsync(VerifyArgs.Pem(token, 0, "--json"));
        CliRun jwks = await Tool.RunAsync(VerifyArgs.Jwks(token, 0, "--json"));

        foreach (CliRun run in (CliRun[])[pem, jwks])
        {
            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Equal("token-invalid", run.Json().GetProperty("reason").GetString());
        }
    }

    [Fact]
    public async Task Verify_InvalidUtf8InsideSignedClaims_EndsCleanly()
    {
        byte[] payload = [.. Encoding.UTF8.GetBytes(TestKeys.Payload()[..^1] + ",\"x\":\""), 0xC3, 0x28, .. "\"}"u8];
        string token = TestKeys.ForgeBytes(Encoding.UTF8.GetBytes(TestKeys.Header()), payload);

        CliRun text = await Tool.RunAsync(VerifyArgs.Pem(token));
        CliRun json = await Tool.RunAsync(VerifyArgs.Pem(token, 0, "--json"));

        Assert.True(text.ExitCode is 0 or 1, text.ToString());
        AssertCleanOutcome(json);
    }

    [Fact]
    public async Task Verify_DuplicateHeaderMembers_AreRejectedAndShownRaw()
    {
        string token = TestKeys.Forge("{\"alg\":\"RS256\",\"alg\":\"none\",\"typ\":\"JWT\"}", TestKeys.Payload());

        CliRun run = await Tool.RunAsync(VerifyArgs.Pem(token, 0, "--json"));

        Assert.Equal(1, run.ExitCode);
        JsonElement json = run.Json();
        Assert.Equal("token-invalid", json.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("header").ValueKind);
        Assert.Contains("\"alg\":\"none\"", json.GetProperty("headerText").GetString());
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1")]
    [InlineData("1767225660.5")]
    [InlineData("99999999999999999999999999")]
    [InlineData("null")]
    [InlineData("[1767225660]")]
    public async Task Verify_AbsurdExp_EndsCleanly(string exp)
    {
        string payload = TestKeys.Payload().Replace($"\"exp\":{TestKeys.NowSeconds + 60}", "\"exp\":" + exp, StringComparison.Ordinal);
        string token = TestKeys.Forge(TestKeys.Header(), payload);

        CliRun text = await Tool.RunAsync(VerifyArgs.Pem(token));
        CliRun json = await Tool.RunAsync(VerifyArgs.Pem(token, 0, "--json"));

        Assert.True(text.ExitCode is 0 or 1, text.ToString());
        AssertCleanOutcome(json);
    }

    [Fact]
    public async Task Verify_MutatedTokens_AlwaysEndInACleanVerdict()
    {
        var random = new Random(20260101);
        string token = TestKeys.Mint();
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ \"{}\u00e9\u0000";
        for (int i = 0; i < 200; i++)
        {
            var chars = new StringBuilder(token);
            int edits = random.Next(1, 6);
            for (int e = 0; e < edits && chars.Length > 1; e++)
            {
                int at = random.Next(chars.Length);
                switch (random.Next(4))
                {
                    case 0: chars[at] = Alphabet[random.Next(Alphabet.Length)]; break;
                    case 1: chars.Remove(at, 1); break;
                    case 2: chars.Insert(at, Alphabet[random.Next(Alphabet.Length)]); break;
                    default: chars.Length = at + 1; break;
                }
            }

            string mutated = chars.ToString();
            if (string.IsNullOrWhiteSpace(mutated) || mutated.StartsWith('-'))
            {
                continue;
            }

            CliRun run = await Tool.RunAsync(VerifyArgs.Pem(mutated, 0, "--json"));

            Assert.True(run.ExitCode is 0 or 1, $"mutation {i}: {run}");
            AssertCleanOutcome(run);
        }
    }

    private static void AssertCleanOutcome(CliRun run)
    {
        Assert.True(run.ExitCode is 0 or 1 or 2, run.ToString());
        Assert.DoesNotContain("internal error", run.Stderr);
        if (run.ExitCode != 2)
        {
            JsonElement json = run.Json();
            Assert.Equal(run.ExitCode == 0, json.GetProperty("valid").GetBoolean());
        }
    }
}
