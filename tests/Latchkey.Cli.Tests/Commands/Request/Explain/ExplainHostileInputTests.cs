using System.Text;
using System.Text.Json;
using Latchkey.Cli.Tests.Support;
using static Latchkey.Cli.Tests.Support.ExplainSetup;

namespace Latchkey.Cli.Tests.Commands.Request.Explain;

/// <summary>
/// Hostile input never crashes <c>request explain</c>: huge, deeply nested, binary, invalid UTF-8,
/// lone surrogates, control characters, oversized headers, garbage credentials, terminal escapes,
/// 200 mutations of a real request. Every run ends in a state (exit 0 or 1) or a usage error
/// (exit 2), never an internal error (exit 3), and JSON output always parses.
/// </summary>
public class ExplainHostileInputTests
{
    private static Task<CliRun> ExplainStdinAsync(byte[] input, params string[] extra) =>
        Tool.RunWithStdinAsync(input, ["request", "explain", "--options", OptionsFile(), "--now", Now(), .. extra]);

    private static Task<CliRun> ExplainStdinAsync(string input, params string[] extra) => ExplainStdinAsync(Encoding.UTF8.GetBytes(input), extra);

    private static void AssertClean(CliRun run)
    {
        Assert.True(run.ExitCode is 0 or 1 or 2, run.ToString());
        Assert.DoesNotContain("internal error", run.Stderr);
        if (run.ExitCode == 2)
        {
            Assert.Equal("", run.Stdout);
        }
    }

    private static void AssertJsonVerdict(CliRun run)
    {
        Assert.True(run.ExitCode is 0 or 1, run.ToString());
        JsonElement json = run.Json();
        Assert.Equal(run.ExitCode == 0, json.GetProperty("signedIn").GetBoolean());
    }

    [Fact]
    public async Task Explain_TenMegabytesOnStdin_RefusedBeforeParsing()
    {
        byte[] huge = new byte[10 * 1024 * 1024];
        huge.AsSpan().Fill((byte)'{');

        CliRun run = await ExplainStdinAsync(huge);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("latchkey: the request on standard input is larger than 1,048,576 bytes; the rest was not read\n", run.Stderr);
    }

    [Fact]
    public async Task Explain_DeeplyNestedRequest_UsageError()
    {
        string nested = "{\"url\":\"https://example.com/\",\"headers\":{\"X\":" + new string('[', 5000) + new string(']', 5000) + "}}";

        CliRun run = await ExplainStdinAsync(nested);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is not valid JSON", run.Stderr);
        Assert.Contains("depth", run.Stderr);
    }

    [Fact]
    public async Task Explain_InvalidUtf8_UsageErrorWithTheOffset()
    {
        byte[] input = [.. "{\"url\":\"https://example.com/"u8.ToArray(), 0xC3, 0x28, .. "\"}"u8.ToArray()];

        CliRun run = await ExplainStdinAsync(input);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("latchkey: the request on standard input is not valid UTF-8 (first bad byte at offset 28)\n", run.Stderr);
    }

    [Theory]
    [InlineData("{\"url\":\"https://example.com/\",\"headers\":{\"Cookie\":\"__session=\\ud800\"}}")]
    [InlineData("{\"url\":\"https://example.com/\",\"headers\":{\"\\udc00\":\"x\"}}")]
    [InlineData("{\"url\":\"https://example.com/\\ud800\"}")]
    public async Task Explain_LoneSurrogateEscapes_UsageError(string input)
    {
        CliRun run = await ExplainStdinAsync(input);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("holds a name or string that is not valid Unicode", run.Stderr);
    }

    [Theory]
    [InlineData("{\"url\":\"https://example.com/\",\"headers\":{\"Cookie\":\"a\\u0000b\"}}", "header \"Cookie\" holds a control character at offset 1")]
    [InlineData("{\"url\":\"https://example.com/\",\"headers\":{\"X\":[\"ok\",\"\\u001b[2J\"]}}", "header \"X\" holds a control character at offset 0")]
    [InlineData("{\"url\":\"https://example.com/\",\"headers\":{\"Bad Name\":\"x\"}}", "\"Bad Name\" is not a header name")]
    [InlineData("{\"url\":\"https://example.com/\",\"headers\":{\":authority\":\"x\"}}", "\":authority\" is not a header name")]
    [InlineData("{\"url\":\"https://example.com/\",\"headers\":{\"X\":{\"a\":1}}}", "header \"X\" must be a string or an array of strings, not an object")]
    [InlineData("{\"url\":\"https://example.com/\",\"headers\":[]}", "\"headers\" must be an object")]
    [InlineData("{\"url\":\"https://user:pw@example.com/\"}", "carries user information")]
    [InlineData("{\"url\":\"/relative\"}", "is not an absolute http(s) URL")]
    [InlineData("{\"url\":\"javascript:alert(1)\"}", "is not an absolute http(s) URL")]
    [InlineData("{\"url\":12}", "\"url\" must be a string, not a number")]
    [InlineData("{\"method\":\"G T\",\"url\":\"https://example.com/\"}", "is not an HTTP method")]
    [InlineData("{\"headers\":{}}", "the request has no \"url\"")]
    [InlineData("{\"url\":\"https://example.com/\",\"body\":\"x\"}", "unknown member \"body\" in the request; the accepted names are method, url, headers")]
    [InlineData("\"https://example.com/\"", "the request must be a JSON object")]
    [InlineData("   ", "the request on standard input is empty")]
    public async Task Explain_ImpossibleRequests_UsageErrorSayingWhy(string input, string expected)
    {
        CliRun run = await ExplainStdinAsync(input);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Stderr);
    }

    [Fact]
    public async Task Explain_MoreHeaderFieldsThanKestrelAllows_UsageError()
    {
        string[] values = [.. Enumerable.Range(0, 101).Select(i => "v" + i)];
        string input = JsonSerializer.Serialize(new { url = "https://example.com/", headers = new Dictionary<string, string[]> { ["X-Many"] = values } });

        CliRun run = await ExplainStdinAsync(input);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("more than 100 header fields; Kestrel refuses it (431)", run.Stderr);
    }

    [Fact]
    public async Task Explain_HeadersLargerThanKestrelAllows_UsageError()
    {
        string input = JsonSerializer.Serialize(new { url = "https://example.com/", headers = new Dictionary<string, string> { ["Cookie"] = "a=" + new string('x', 40_000) } });

        CliRun run = await ExplainStdinAsync(input);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("the headers are larger than 32,768 bytes", run.Stderr);
    }

    [Fact]
    public async Task Explain_UrlLongerThanKestrelAllows_UsageError()
    {
        CliRun run = await ExplainStdinAsync(JsonSerializer.Serialize(new { url = "https://example.com/?q=" + new string('a', 9000) }));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("\"url\" is longer than 8,192 characters", run.Stderr);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Explain_RandomBinary_UsageErrorNeverACrash(int seed)
    {
        var random = new Random(seed);
        byte[] input = new byte[random.Next(1, 4096)];
        random.NextBytes(input);

        CliRun run = await ExplainStdinAsync(input);

        Assert.Equal(2, run.ExitCode);
        AssertClean(run);
    }

    [Theory]
    [InlineData("Authorization", "Bearer ")]
    [InlineData("Authorization", "Bearer a.b.c")]
    [InlineData("Authorization", "Bearer \u00e9\u00e9\u00e9.\u00e9.\u00e9")]
    [InlineData("Authorization", "Basic dXNlcjpwdw==")]
    [InlineData("Authorization", "Bearer Bearer Bearer")]
    [InlineData("Authorization", "mt_opaque_machine_token")]
    [InlineData("Cookie", "__session=%ZZ%; __client_uat=1e9; __clerk_db_jwt=x")]
    [InlineData("Cookie", "__session=\"quoted\"; __client_uat=-1; __clerk_db_jwt=x")]
    [InlineData("Cookie", "__session=a.b.c; __session=d.e.f; __client_uat=99999999999999999999; __clerk_db_jwt=x")]
    [InlineData("Cookie", ";;;===;__session;=;__client_uat")]
    [InlineData("Cookie", "__clerk_redirect_count=99999999999999999999999")]
    [InlineData("Cookie", "__clerk_handshake_nonce=x; __clerk_db_jwt=y")]
    [InlineData("Cookie", "__clerk_handshake=not.a.jwt; __clerk_db_jwt=y")]
    [InlineData("Sec-Fetch-Dest", "\u202edocument")]
    public async Task Explain_GarbageCredentials_EndInAStateWithValidJson(string header, string value)
    {
        string input = JsonSerializer.Serialize(RequestObject("/", "GET", [.. Navigation.Where(h => h.Item1 != header), (header, value)]));

        CliRun run = await ExplainStdinAsync(input, "--json");

        AssertJsonVerdict(run);
    }

    [Fact]
    public async Task Explain_HugeButAllowedCookieToken_EndsInAState()
    {
        string token = new string('A', 10_000) + "." + new string('B', 10_000) + "." + new string('C', 10_000);
        string input = JsonSerializer.Serialize(RequestObject("/", "GET", [.. Navigation, ("Cookie", Cookies(token))]));

        CliRun run = await ExplainStdinAsync(input, "--json");

        AssertJsonVerdict(run);
        Assert.Equal("token-invalid", run.Json().GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Explain_TerminalEscapesAndBidiInHeadersAndClaims_PrintedEscaped()
    {
        string token = SessionToken(TestKeys.Payload(",\"name\":\"\\u001b[31mred\\u202egnp.exe\\u0007\""));
        string input = JsonSerializer.Serialize(RequestObject("/\u202e", "GET", [.. Fetch, ("Authorization", "Bearer " + token), ("X-Note", "\u202ereversed\u200b")]));

        CliRun text = await ExplainStdinAsync(input);
        CliRun json = await ExplainStdinAsync(input, "--json");

        Assert.True(text.ExitCode == 0, text.ToString());
        foreach (char dangerous in "\u001b\u202e\u0007\u200b")
        {
            Assert.DoesNotContain(dangerous, text.Stdout);
            Assert.DoesNotContain(dangerous, json.Stdout);
        }

        Assert.Contains("\\u202e", text.Stdout);
        Assert.Equal("\u001b[31mred\u202egnp.exe\u0007", json.Json().GetProperty("tokens")[0].GetProperty("claims").GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("{\"alg\":\"RS256\",\"x\":" + "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[" + "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]" + "}")]
    [InlineData("{\"alg\":\"RS256\",\"\\ud800\":1}")]
    [InlineData("{\"alg\":\"RS256\",\"alg\":\"none\"}")]
    public async Task Explain_HostileTokenHeaders_TokenInvalidAndShownUnverified(string header)
    {
        string token = TestKeys.B64(header) + "." + TestKeys.B64(TestKeys.Payload()) + ".c2ln";
        string input = JsonSerializer.Serialize(RequestObject("/", "GET", [.. Fetch, ("Authorization", "Bearer " + token)]));

        CliRun run = await ExplainStdinAsync(input, "--json");

        AssertJsonVerdict(run);
        Assert.Equal("token-invalid", run.Json().GetProperty("reason").GetString());
        JsonElement shown = run.Json().GetProperty("tokens").EnumerateArray().Single();
        Assert.False(shown.GetProperty("verified").GetBoolean());
        Assert.Equal("Authorization header", shown.GetProperty("source").GetString());
    }

    [Fact]
    public async Task Explain_RedirectUrlToAForeignOrigin_NeverFollowed()
    {
        string path = "/?__clerk_redirect_url=" + Uri.EscapeDataString("https://evil.example/steal");
        string input = JsonSerializer.Serialize(RequestObject(path, "GET", [.. Navigation, ("Cookie", "__clerk_db_jwt=dvb_secret")]));

        CliRun run = await ExplainStdinAsync(input, "--json");

        JsonElement json = run.Json();
        Assert.Equal("redirect-url-not-allowed", json.GetProperty("reason").GetString());
        Assert.False(json.GetProperty("headers").TryGetProperty("Location", out _));
        Assert.Contains("allowedRedirectOrigins", json.GetProperty("whatToDo").GetString());
    }

    [Fact]
    public async Task Explain_MutatedRequests_AlwaysEndCleanly()
    {
        var random = new Random(20260102);
        string original = JsonSerializer.Serialize(RequestObject("/dashboard?x=1", "GET", [.. Navigation, ("Cookie", Cookies(SessionToken())), ("Authorization", "Bearer " + SessionToken())]));
        const string Alphabet = "{}[]\":,.\\/ =;%-_aZ09\u00e9\u0000\u202e\ud83d";
        for (int i = 0; i < 200; i++)
        {
            var chars = new StringBuilder(original);
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

            CliRun run = await ExplainStdinAsync(chars.ToString(), "--json");

            AssertClean(run);
            if (run.ExitCode != 2)
            {
                AssertJsonVerdict(run);
            }
        }
    }

    [Fact]
    public async Task Batch_RandomBinaryLines_ErrorLinesNeverACrash()
    {
        var random = new Random(7);
        var input = new MemoryStream();
        for (int i = 0; i < 50; i++)
        {
            byte[] line = new byte[random.Next(0, 300)];
            random.NextBytes(line);
            input.Write(line);
            input.WriteByte((byte)'\n');
        }

        CliRun run = await Tool.RunWithStdinAsync(input.ToArray(), "request", "explain", "--batch", "--options", OptionsFile(), "--now", Now());

        Assert.True(run.ExitCode is 0 or 1, run.ToString());
        foreach (string line in run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using JsonDocument parsed = JsonDocument.Parse(line);
            Assert.True(parsed.RootElement.TryGetProperty("line", out _));
        }
    }
}
