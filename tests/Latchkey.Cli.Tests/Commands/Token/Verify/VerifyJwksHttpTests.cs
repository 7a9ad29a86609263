using System.Net;
using System.Net.Sockets;
using Latchkey.Cli.Tests.Support;

namespace Latchkey.Cli.Tests.Commands.Token.Verify;

/// <summary>--jwks with an http URL, against a real Kestrel server on 127.0.0.1.</summary>
public class VerifyJwksHttpTests(JwksServer server) : IClassFixture<JwksServer>
{
    [Fact]
    public async Task Verify_JwksOverHttp_FetchesOnceAndVerifies()
    {
        int before = Volatile.Read(ref server.JwksRequests);

        CliRun run = await Tool.RunAsync(VerifyArgs.Build(TestKeys.Mint(), "--jwks", server.BaseUrl + "/jwks"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"Keys        JWKS {server.BaseUrl}/jwks: \"{TestKeys.Kid}\"", run.Stdout);
        Assert.Equal(before + 1, Volatile.Read(ref server.JwksRequests));
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public async Task Verify_JwksOverHttpWithExpiredToken_ExitsOne()
    {
        string[] args = VerifyArgs.Build(TestKeys.Mint(), "--jwks", server.BaseUrl + "/jwks");
        args[Array.IndexOf(args, "--now") + 1] = VerifyArgs.Now(600);

        CliRun run = await Tool.RunAsync(args);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("REJECTED: token-expired\n", run.Stdout);
    }

    [Fact]
    public async Task Verify_JwksRedirect_IsFollowed()
    {
        CliRun run = await Tool.RunAsync(VerifyArgs.Build(TestKeys.Mint(), "--jwks", server.BaseUrl + "/redirect"));

        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public async Task Verify_JwksUrlAnswering404_ExitsTwoWithTheStatus()
    {
        CliRun run = await Tool.RunAsync(VerifyArgs.Build(TestKeys.Mint(), "--jwks", server.BaseUrl + "/missing"));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains("the server answered 404 Not Found", run.Stderr);
    }

    [Fact]
    public async Task Verify_JwksUrlAnsweringHtml_ExitsTwo()
    {
        CliRun run = await Tool.RunAsync(VerifyArgs.Build(TestKeys.Mint(), "--jwks", server.BaseUrl + "/html"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("not a valid JWK Set", run.Stderr);
    }

    [Fact]
    public async Task Verify_JwksUrlTooSlow_ExitsTwoAfterTheTimeout()
    {
        CliRun run = await Tool.RunAsync(null, TimeSpan.FromMilliseconds(300), VerifyArgs.Build(TestKeys.Mint(), "--jwks", server.BaseUrl + "/slow"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no answer within 0.3 s", run.Stderr);
    }

    [Fact]
    public async Task Verify_JwksResponseTooLarge_ExitsTwo()
    {
        CliRun run = await Tool.RunAsync(VerifyArgs.Build(TestKeys.Mint(), "--jwks", server.BaseUrl + "/huge"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("larger than 262,144 bytes", run.Stderr);
    }

    [Fact]
    public async Task Verify_JwksUrlNobodyListensOn_ExitsTwoWithCannotConnect()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        CliRun run = await Tool.RunAsync(VerifyArgs.Build(TestKeys.Mint(), "--jwks", $"http://127.0.0.1:{port}/jwks"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("the JWKS could not be fetched: cannot connect", run.Stderr);
    }

    [Fact]
    public async Task Verify_JwksHostThatDoesNotResolve_ExitsTwo()
    {
        CliRun run = await Tool.RunAsync(null, TimeSpan.FromSeconds(5), VerifyArgs.Build(TestKeys.Mint(), "--jwks", "http://no-such-host.invalid/jwks"));

        // Name resolution fails or times out depending on the machine's resolver; both are usage errors.
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("latchkey: --jwks http://no-such-host.invalid/jwks: ", run.Stderr);
    }
}
