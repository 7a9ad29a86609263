using Latchkey.Cli.Tests.Support;

namespace Latchkey.Cli.Tests.Commands.Token.Verify;

/// <summary>Everything the user got wrong exits 2 with a clear message on stderr and nothing on stdout.</summary>
public class VerifyUsageErrorTests
{
    private static readonly string Token = TestKeys.Mint();

    public static TheoryData<string[], string> BadCommandLines => new()
    {
        { ["token", "verify", Token, "--issuer", TestKeys.Issuer], "no keys: pass --jwks <file or URL> (a JWK Set) or --pem <file>" },
        { ["token", "verify", Token, "--issuer", TestKeys.Issuer, "--pem", "a.pem", "--jwks", "b.json"], "--jwks and --pem are exclusive" },
        { ["token", "verify", Token, "--pem", "a.pem"], "no issuer: pass --issuer <Frontend API URL>" },
        { ["token", "verify", Token, "--pem", "a.pem", "--issuer", TestKeys.Issuer, "--no-issuer-check"], "--issuer and --no-issuer-check contradict each other" },
        { ["token", "verify", Token, "--pem", "a.pem", "--issuer", ""], "--issuer needs a non-empty value" },
        { ["token", "verify", Token, "--pem", "a.pem", "--issuer", TestKeys.Issuer, "--authorized-party", " "], "--authorized-party needs a non-empty value" },
        { ["token", "verify", Token, "--pem", "a.pem", "--issuer", TestKeys.Issuer, "--now", "yesterday"], "--now: \"yesterday\" is not a moment in Unix seconds" },
        { ["token", "verify", Token, "--pem", "a.pem", "--issuer", TestKeys.Issuer, "--now", "-5"], "--now: \"-5\" is not a moment in Unix seconds" },
        { ["token", "verify", Token, "--pem", "a.pem", "--issuer", TestKeys.Issuer, "--now", "1e20"], "--now: \"1e20\" is not a moment" },
        { ["token", "verify", Token, "--pem", "a.pem", "--issuer", TestKeys.Issuer, "--clock-skew", "301"], "--clock-skew: \"301\" is not a number of seconds between 0 and 300" },
        { ["token", "verify", Token, "--pem", "a.pem", "--issuer", TestKeys.Issuer, "--clock-skew", "-1"], "--clock-skew: \"-1\"" },
        { ["token", "verify", Token, "--pem", "a.pem", "--issuer", TestKeys.Issuer, "--kind", "m2m"], "m2m" },
        { ["token", "verify", Token, "--pem", "a.pem", "--issuer", TestKeys.Issuer, "--frobnicate"], "--frobnicate" },
        { ["token", "verify", Token, "extra", "--pem", "a.pem", "--issuer", TestKeys.Issuer], "Unrecognized command or argument 'extra'" },
        { ["token"], "Required command was not provided" },
        { [], "Required command was not provided" },
        { ["tokens", "verify"], "Unrecognized command or argument 'tokens'" },
    };

    [Theory]
    [MemberData(nameof(BadCommandLines))]
    public async Task Verify_BadCommandLine_ExitsTwoWithMessage(string[] args, string expected)
    {
        CliRun run = await Tool.RunAsync(args);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal("", run.Stdout);
        Assert.Contains(expected, run.Stderr);
        Assert.Contains("--help' for usage.", run.Stderr);
    }

    [Fact]
    public async Task Verify_MissingPemFile_ExitsTwoNamingTheFile()
    {
        string missing = Path.Combine(KeyFiles.Folder, "nope.pem");

        CliRun run = await Tool.RunAsync("token", "verify", Token, "--pem", missing, "--issuer", TestKeys.Issuer);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal($"latchkey: --pem {missing}: cannot read the file: no such file\n", run.Stderr);
    }

    [Fact]
    public async Task Verify_DirectoryAsJwks_ExitsTwo()
    {
        CliRun run = await Tool.RunAsync("token", "verify", Token, "--jwks", KeyFiles.Folder, "--issuer", TestKeys.Issuer);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cannot read the file", run.Stderr);
    }

    [Fact]
    public async Task Verify_PrivateKeyAsPem_ExitsTwoAndSaysHowToGetThePublicKey()
    {
        CliRun run = await Tool.RunAsync(VerifyArgs.Build(Token, "--pem", KeyFiles.PrivatePem));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("this is a private key; pass the public key", run.Stderr);
        Assert.Contains("openssl pkey", run.Stderr);
    }

    [Fact]
    public async Task Verify_GarbagePem_ExitsTwo()
    {
        CliRun run = await Tool.RunAsync(VerifyArgs.Build(Token, "--pem", KeyFiles.Write("bad.pem", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("not a usable SPKI public key", run.Stderr);
    }

    [Fact]
    public async Task Verify_JwksGivenToPem_ExitsTwoAndPointsAtJwks()
    {
        CliRun run = await Tool.RunAsync(VerifyArgs.Build(Token, "--pem", KeyFiles.Jwks));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("pass a JWK Set with --jwks instead", run.Stderr);
    }

    [Fact]
    public async Task Verify_PemGivenToJwks_ExitsTwoAndPointsAtPem()
    {
        CliRun run = await Tool.RunAsync(VerifyArgs.Build(Token, "--jwks", KeyFiles.Pem));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("this is a PEM document; pass it with --pem instead", run.Stderr);
    }

    [Theory]
    [InlineData("{\"keys\": 5}")]
    [InlineData("[]")]
    [InlineData("{\"keys\":[],\"keys\":[]}")]
    [InlineData("<html>not found</html>")]
    [InlineData("")]
    public async Task Verify_MalformedJwksFile_ExitsTwo(string content)
    {
        CliRun run = await Tool.RunAsync(VerifyArgs.Build(Token, "--jwks", KeyFiles.Write("bad.json", content)));

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("not a valid JWK Set", run.Stderr);
    }

    [Theory]
    [InlineData("{\"keys\":[],\"\\ud800\":1}")]
    [InlineData("{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"\\ud800\",\"n\":\"AQAB\",\"e\":\"AQAB\"}]}")]
    [InlineData("{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k\",\"n\":\"AQAB\",\"e\":\"AQAB\",\"x\":\"\\udc00\"}]}")]
    [InlineData("{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k\",\"key_ops\":[\"\\ud800\"]}]}")]
    public async Task Verify_JwksWithLoneSurrogateEscapes_ExitsTwo(string content)
    {
        CliRun run = await Tool.RunAsync(VerifyArgs.Build(Token, "--jwks", KeyFiles.Write("surrogate.json", content)));

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("not a valid JWK Set", run.Stderr);
    }

    [Fact]
    public async Task Verify_JwksWithoutUsableKeys_ExitsTwoListingWhy()
    {
        string jwks = "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"h\",\"k\":\"c2VjcmV0\"}]}";

        CliRun run = await Tool.RunAsync(VerifyArgs.Build(Token, "--jwks", KeyFiles.Write("oct.json", jwks)));

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("the JWK Set has no key that can verify a token", run.Stderr);
    }

    [Fact]
    public async Task Verify_EmptyKeysArray_ExitsTwo()
    {
        CliRun run = await Tool.RunAsync(VerifyArgs.Build(Token, "--jwks", KeyFiles.Write("empty.json", "{\"keys\":[]}")));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("its \"keys\" array is empty", run.Stderr);
    }

    [Fact]
    public async Task Verify_OversizedJwksFile_ExitsTwoWithoutReadingItAll()
    {
        string path = KeyFiles.Write("huge.json", "{\"keys\":[" + new string(' ', 300 * 1024) + "]}");

        CliRun run = await Tool.RunAsync(VerifyArgs.Build(Token, "--jwks", path));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("larger than 262,144 bytes", run.Stderr);
    }

    [Fact]
    public async Task Verify_InvalidUrl_ExitsTwo()
    {
        CliRun run = await Tool.RunAsync(VerifyArgs.Build(Token, "--jwks", "http://"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is not a valid http(s) URL", run.Stderr);
    }

    [Fact]
    public async Task Help_ForVerify_ListsEveryOptionAndExitsZero()
    {
        CliRun run = await Tool.RunAsync("token", "verify", "--help");

        Assert.Equal(0, run.ExitCode);
        foreach (string option in (string[])["--jwks", "--pem", "--issuer", "--no-issuer-check", "--authorized-party", "--audience", "--clock-skew", "--now", "--kind", "--json"])
        {
            Assert.Contains(option, run.Stdout);
        }
    }
}
