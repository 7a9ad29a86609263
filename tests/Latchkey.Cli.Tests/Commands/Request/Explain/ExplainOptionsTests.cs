using System.Text.Json;
using Latchkey.Cli.Tests.Support;
using static Latchkey.Cli.Tests.Support.ExplainSetup;

namespace Latchkey.Cli.Tests.Commands.Request.Explain;

/// <summary>
/// Options errors are usage errors (exit 2, nothing on stdout) whose messages are the package's
/// own: unknown names are named, wrong shapes name the member, wrong values give the start-up
/// validation's messages.
/// </summary>
public class ExplainOptionsTests
{
    private static string AnyRequest() => RequestFile("/", "GET", Fetch);

    private static async Task<CliRun> WithOptionsJsonAsync(string json) =>
        await Tool.RunAsync("request", "explain", AnyRequest(), "--options-json", json, "--now", Now());

    [Fact]
    public async Task Explain_NoOptions_UsageErrorSaysHowToPassThem()
    {
        CliRun run = await Tool.RunAsync("request", "explain", AnyRequest());

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.StartsWith("latchkey: no options: pass the app's options with --options <file> or --options-json '<json>'", run.Stderr);
    }

    [Fact]
    public async Task Explain_BothOptionSources_UsageError()
    {
        CliRun run = await Tool.RunAsync("request", "explain", AnyRequest(), "--options", OptionsFile(), "--options-json", "{}");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--options and --options-json are exclusive", run.Stderr);
    }

    [Fact]
    public async Task Explain_InlineOptions_ClassifyLikeTheFile()
    {
        string json = JsonSerializer.Serialize(Options());

        CliRun run = await Tool.RunAsync("request", "explain", RequestFile("/", "GET", [.. Fetch, ("Authorization", "Bearer " + SessionToken())]), "--options-json", json, "--now", Now());

        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public async Task Explain_UnknownOptionNames_UsageErrorNamingEachAndTheAcceptedOnes()
    {
        CliRun run = await WithOptionsJsonAsync("""{"publishableKey":"pk_test_x","signUpUrl":"/sign-up","SecretKey":"sk"}""");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.StartsWith("latchkey: --options-json: the options are not valid\n  - unknown option names \"signUpUrl\", \"SecretKey\" (did you mean \"secretKey\"?); the accepted names are publishableKey, secretKey, machineSecretKey, jwtKey, frontendApiUrl, apiUrl, authorizedParties, audience, clockSkewInMs, acceptsToken, isSatellite,", run.Stderr);
    }

    [Fact]
    public async Task Explain_WrongShape_UsageErrorNamingTheMember()
    {
        CliRun run = await WithOptionsJsonAsync("""{"publishableKey":"pk_test_x","clockSkewInMs":"5s","authorizedParties":"https://example.com"}""");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("  - \"clockSkewInMs\" must be a whole number of milliseconds (default 5000), not a string\n", run.Stderr);
        Assert.Contains("  - \"authorizedParties\" must be an array of strings, not a string\n", run.Stderr);
    }

    [Fact]
    public async Task Explain_ValuesAnAppWouldRefuse_TheStartupValidationMessages()
    {
        CliRun run = await WithOptionsJsonAsync("""{"publishableKey":"pk_test_bm90LWEta2V5","jwtKey":"/etc/keys/public.pem","clockSkewInMs":600000}""");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("latchkey: --options-json: the options are not valid (as an app would report at start-up)\n", run.Stderr);
        Assert.Contains("  - Latchkey:PublishableKey is not a valid publishable key: expected pk_test_ or pk_live_ followed by base64 of \"<frontend api host>$\"", run.Stderr);
        Assert.Contains("  - Latchkey:SecretKey is missing.", run.Stderr);
        Assert.Contains("  - Latchkey:JwtKey must be an SPKI PEM public key (-----BEGIN PUBLIC KEY----- ...).", run.Stderr);
        Assert.Contains("  - Latchkey:ClockSkew 00:10:00 is out of range: use 00:00:00 to 00:05:00 (default 00:00:05).", run.Stderr);
    }

    [Fact]
    public async Task Explain_PemThatIsNotAKey_UsageErrorFromThePackage()
    {
        Dictionary<string, object?> options = Options();
        options["jwtKey"] = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n";

        CliRun run = await Tool.RunAsync(Args(AnyRequest(), OptionsFile(options)));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Latchkey:JwtKey is not an acceptable public key", run.Stderr);
    }

    [Fact]
    public async Task Explain_SatelliteWithoutDomain_TheSatelliteMessages()
    {
        Dictionary<string, object?> options = Options();
        options["isSatellite"] = true;

        CliRun run = await Tool.RunAsync(Args(AnyRequest(), OptionsFile(options)));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("  - Latchkey:SignInUrl is required for a development satellite", run.Stderr);
        Assert.Contains("  - A satellite needs Latchkey:Domain or Latchkey:ProxyUrl.", run.Stderr);
    }

    [Theory]
    [InlineData("[]", "the options must be a JSON object, not an array")]
    [InlineData("{", "--options-json is not valid JSON")]
    [InlineData("", "--options-json is empty")]
    [InlineData("{\"domain\":\"\\udc00\"}", "--options-json holds a name or string that is not valid Unicode")]
    public async Task Explain_OptionsNotAnObject_UsageError(string json, string expected)
    {
        CliRun run = await WithOptionsJsonAsync(json);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Stderr);
    }

    [Fact]
    public async Task Explain_OptionsFileMissing_UsageErrorNamingIt()
    {
        CliRun run = await Tool.RunAsync("request", "explain", AnyRequest(), "--options", "/nonexistent/options.json");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("latchkey: --options /nonexistent/options.json: cannot read the file: no such file\n", run.Stderr);
    }

    [Fact]
    public async Task Explain_OptionsFileHuge_RefusedWithoutReadingIt()
    {
        string path = KeyFiles.Write("huge-options.json", "{\"domain\":\"" + new string('a', 2 * 1024 * 1024) + "\"}");

        CliRun run = await Tool.RunAsync("request", "explain", AnyRequest(), "--options", path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("the file is larger than 1,048,576 bytes", run.Stderr);
    }

    [Fact]
    public async Task Explain_AcceptsOnlyMachineTokensWithoutPublishableKey_NoTokenInHeader()
    {
        CliRun run = await WithOptionsJsonAsync("""{"secretKey":"sk_test_x","acceptsToken":"m2m_token"}""");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("SIGNED-OUT: No token in header\n", run.Stdout);
        Assert.Contains("Instance    no publishable key (machine tokens only)", run.Stdout);
        Assert.Contains("  WWW-Authenticate: Bearer error_description=\"No token in header\"\n", run.Stdout);
    }
}
