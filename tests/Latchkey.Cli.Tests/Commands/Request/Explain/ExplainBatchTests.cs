using System.Text;
using System.Text.Json;
using Latchkey.Cli.Tests.Support;
using Latchkey.Tokens;
using static Latchkey.Cli.Tests.Support.ExplainSetup;

namespace Latchkey.Cli.Tests.Commands.Request.Explain;

/// <summary>
/// <c>--batch</c>: one JSON line out per JSON line in, in order, with the input's line number;
/// a line that cannot be used gives an error line with a stable code and the batch goes on; the
/// line's options and now override the command line's; exit 0 when every line was classified,
/// 1 when any was not, 2 when the command line itself is wrong.
/// </summary>
public class ExplainBatchTests
{
    private static string Line(object? request = null, object? options = null, long? now = null)
    {
        var line = new Dictionary<string, object?> { ["request"] = request ?? RequestObject("/api", "GET", Fetch) };
        if (options is not null)
        {
            line["options"] = options;
        }

        if (now is not null)
        {
            line["now"] = now;
        }

        return JsonSerializer.Serialize(line);
    }

    private static string Bearer(string token) => JsonSerializer.Serialize(RequestObject("/api", "GET", [.. Fetch, ("Authorization", "Bearer " + token)]));

    private static Task<CliRun> BatchAsync(string input, params string[] extra) =>
        Tool.RunWithStdinAsync(input, ["request", "explain", "--batch", "--options", OptionsFile(), "--now", Now(10_000), .. extra]);

    private static List<JsonElement> Lines(CliRun run)
    {
        Assert.EndsWith("\n", run.Stdout);
        return [.. run.Stdout.TrimEnd('\n').Split('\n').Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }

    [Fact]
    public async Task Batch_SeveralRequests_OneLineEachInOrder()
    {
        string input = string.Join('\n',
            $"{{\"request\":{Bearer(SessionToken())}}}",
            Line(RequestObject("/api", "GET", [.. Fetch, ("Cookie", "__clerk_db_jwt=dvb")])),
            Line(RequestObject("/", "GET", [.. Navigation, ("Cookie", $"__client_uat={TestKeys.NowSeconds}; __clerk_db_jwt=dvb")])),
            $"{{\"request\":{Bearer(SessionToken())},\"now\":{(TestKeys.NowSeconds + 120) * 1000}}}",
            Line(RequestObject("/", "GET", [.. Navigation, ("Cookie", Cookies(SessionToken()))]))) + "\n";

        CliRun run = await BatchAsync(input);

        Assert.True(run.ExitCode == 0, run.ToString());
        List<JsonElement> lines = Lines(run);
        Assert.Equal([1, 2, 3, 4, 5], lines.Select(l => l.GetProperty("line").GetInt32()));
        Assert.Equal(["signed-in", "signed-out", "handshake", "signed-out", "signed-in"], lines.Select(l => l.GetProperty("status").GetString()));
        Assert.Equal("session-token-and-uat-missing", lines[1].GetProperty("reason").GetString());
        Assert.Equal(307, lines[2].GetProperty("statusCode").GetInt32());
        Assert.Equal("line", lines[3].GetProperty("nowSource").GetString());
        Assert.Equal("option", lines[4].GetProperty("nowSource").GetString());
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public async Task Batch_MalformedLines_ErrorLinesWithCodesAndTheBatchGoesOn()
    {
        string input = string.Join('\n',
            Line(),
            "not json",
            "[1,2]",
            "{\"request\":{\"url\":\"https://example.com/\"},\"extra\":1}",
            "{\"options\":{}}",
            "{\"request\":{\"url\":\"ftp://example.com/\"}}",
            "{\"request\":{\"url\":\"https://example.com/\"},\"now\":\"soon\"}",
            "{\"request\":{\"url\":\"https://example.com/\"},\"now\":-1}",
            "{\"request\":{\"url\":\"https://example.com/\"},\"options\":{\"bogus\":1}}",
            "{\"request\":{\"url\":\"https://example.com/\"},\"options\":{\"publishableKey\":\"pk_test_x\"}}",
            "{\"request\":{\"url\":\"https://example.com/\",\"headers\":{\"Cookie\":\"a\\r\\nb\"}}}",
            "{\"request\":{\"url\":\"https://example.com/\",\"headers\":{\"Cookie\":\"a\"},\"headers\":{}}}",
            Line());

        CliRun run = await BatchAsync(input);

        Assert.Equal(1, run.ExitCode);
        List<JsonElement> lines = Lines(run);
        Assert.Equal(13, lines.Count);
        Assert.Equal(
            [null, "invalid-json", "invalid-line", "invalid-line", "invalid-line", "invalid-request", "invalid-now", "invalid-now", "invalid-options", "invalid-options", "invalid-request", "invalid-json", null],
            lines.Select(l => l.TryGetProperty("error", out JsonElement e) ? e.GetProperty("code").GetString() : null));
        Assert.Equal(Enumerable.Range(1, 13), lines.Select(l => l.GetProperty("line").GetInt32()));
        Assert.Equal("the line has no \"request\"", lines[4].GetProperty("error").GetProperty("message").GetString());
        Assert.Contains("unknown option name \"bogus\"", lines[8].GetProperty("error").GetProperty("details")[0].GetString());
        Assert.StartsWith("Latchkey:PublishableKey is not a valid publishable key", lines[9].GetProperty("error").GetProperty("details")[0].GetString());
        Assert.Contains("control character at offset 1", lines[10].GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("signed-out", lines[12].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Batch_BlankLinesAndCrLf_SkippedButCounted()
    {
        CliRun run = await BatchAsync("\r\n  \n" + Line() + "\r\n\n" + Line() + "\r\n");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal([3, 5], Lines(run).Select(l => l.GetProperty("line").GetInt32()));
    }

    [Fact]
    public async Task Batch_EmptyInput_NothingWrittenExitZero()
    {
        CliRun run = await BatchAsync("");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public async Task Batch_LineOptions_ReplaceTheCommandLineOptionsForThatLine()
    {
        Dictionary<string, object?> production = Options(production: true);
        string token = SessionToken();
        object navigation = RequestObject("/", "GET", [.. Navigation, ("Cookie", Cookies(token, devBrowser: false))]);
        string input = Line(navigation) + "\n" + Line(navigation, production) + "\n";

        CliRun run = await BatchAsync(input);

        List<JsonElement> lines = Lines(run);
        Assert.Equal("dev-browser-missing", lines[0].GetProperty("reason").GetString());
        Assert.Equal("signed-in", lines[1].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Batch_NoOptionsAnywhere_EveryLineAnErrorExitOne()
    {
        CliRun run = await Tool.RunWithStdinAsync(Line() + "\n" + Line(options: Options()) + "\n", "request", "explain", "--batch", "--now", Now());

        Assert.Equal(1, run.ExitCode);
        List<JsonElement> lines = Lines(run);
        Assert.Equal("invalid-options", lines[0].GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("the line has no \"options\" and the command line has none (--options or --options-json)", lines[0].GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("signed-out", lines[1].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Batch_LineLongerThanOneMebibyte_ErrorLineAndTheNextLineIsRead()
    {
        string huge = "{\"request\":{\"url\":\"https://example.com/\",\"headers\":{\"X\":\"" + new string('a', 2 * 1024 * 1024) + "\"}}}";

        CliRun run = await BatchAsync(huge + "\n" + Line() + "\n");

        List<JsonElement> lines = Lines(run);
        Assert.Equal("line-too-long", lines[0].GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(2, lines[1].GetProperty("line").GetInt32());
        Assert.Equal("signed-out", lines[1].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Batch_InvalidUtf8Line_ErrorLineNamingTheOffset()
    {
        byte[] input = [.. "{\"request\":{\"url\":\"https://example.com/"u8.ToArray(), 0xFF, 0xFE, .. "\"}}\n"u8.ToArray(), .. Encoding.UTF8.GetBytes(Line() + "\n")];

        CliRun run = await Tool.RunWithStdinAsync(input, "request", "explain", "--batch", "--options", OptionsFile(), "--now", Now());

        List<JsonElement> lines = Lines(run);
        Assert.Equal("invalid-json", lines[0].GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("the line is not valid UTF-8 (first bad byte at offset 39)", lines[0].GetProperty("error").GetProperty("message").GetString());
        Assert.Equal("signed-out", lines[1].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Batch_BadCommandLineOptions_UsageErrorBeforeAnyLine()
    {
        CliRun run = await Tool.RunWithStdinAsync(Line() + "\n", "request", "explain", "--batch", "--options-json", "{\"nope\":1}");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains("unknown option name \"nope\"", run.Stderr);
    }

    [Fact]
    public async Task Batch_FromAFile_SameAsFromStdin()
    {
        string input = Line() + "\n" + $"{{\"request\":{Bearer(SessionToken())}}}" + "\n";
        string file = KeyFiles.Write("batch.jsonl", input);
        string options = OptionsFile();

        CliRun fromFile = await Tool.RunAsync("request", "explain", "--batch", file, "--options", options, "--now", Now());
        CliRun fromStdin = await Tool.RunWithStdinAsync(input, "request", "explain", "--batch", "--options", options, "--now", Now());

        Assert.Equal(fromStdin.Stdout, fromFile.Stdout);
        Assert.Equal(2, Lines(fromFile).Count);
    }

    [Fact]
    public async Task Batch_OutputLines_AreCompactJsonWithTheSingleModeMembers()
    {
        CliRun batch = await BatchAsync(Line() + "\n");
        CliRun single = await Tool.RunAsync(Args(RequestFile("/api", "GET", Fetch), extra: "--json"));

        JsonElement line = Lines(batch).Single();
        Assert.DoesNotContain("\n", batch.Stdout.TrimEnd('\n'));
        Assert.Equal(["line", .. single.Json().EnumerateObject().Select(p => p.Name)], line.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Batch_ReasonCodesOfAllLines_HaveAGuide()
    {
        string input = string.Join('\n',
            $"{{\"request\":{Bearer(TestKeys.Mint(category: TokenCategories.Template))}}}",
            $"{{\"request\":{Bearer("x")}}}",
            Line(RequestObject("/", "GET", [.. Navigation]))) + "\n";

        CliRun run = await BatchAsync(input);

        Assert.All(Lines(run), l => Assert.DoesNotContain("docs/reason-codes.md", l.GetProperty("whatToDo").GetString()));
    }
}
