using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Latchkey.Cli.Tests.Support;
using static Latchkey.Cli.Tests.Support.ExplainSetup;

namespace Latchkey.Cli.Tests.Commands.Request.Explain;

/// <summary>
/// The cases that need the configured API URL, against a Backend API on Kestrel (127.0.0.1): the
/// remote JWKS without jwtKey (fetched once per batch), handshake nonce resolution (production and
/// development), an unreachable API, a refused secret key, a redirect that is not followed; and no
/// call at all in networkless mode. The output says which calls happened.
/// </summary>
public sealed class ExplainNetworkTests : IClassFixture<BackendApiServer>
{
    private readonly BackendApiServer _api;

    public ExplainNetworkTests(BackendApiServer api) => _api = api;

    private string RemoteOptions(bool production = false, string? apiUrl = null) => OptionsFile(Options(production, apiUrl ?? _api.Url, networkless: false));

    private static string BearerRequest() => RequestFile("/api", "GET", [.. Fetch, ("Authorization", "Bearer " + SessionToken())]);

    [Fact]
    public async Task Explain_RemoteJwks_SignedInAndTheCallIsReported()
    {
        CliRun run = await Tool.RunAsync(Args(BearerRequest(), RemoteOptions()));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"Instance    development, Frontend API https://clerk.example.com; keys: the JWKS at {_api.Url}/v1/jwks\n", run.Stdout);
        Assert.Contains($"Network     GET {_api.Url}/v1/jwks: 200 OK\n", run.Stdout);
        Assert.Contains(_api.Requests, r => r.PathAndQuery == "/v1/jwks" && r.Authorization == "Bearer " + BackendApiServer.SecretKey);
    }

    [Fact]
    public async Task Explain_RemoteJwksWithAnotherSecretKey_SecretKeyInvalid()
    {
        Dictionary<string, object?> options = Options(apiUrl: _api.Url, networkless: false);
        options["secretKey"] = "sk_test_someone_else";

        CliRun run = await Tool.RunAsync(Args(BearerRequest(), OptionsFile(options), extra: "--json"));

        JsonElement json = run.Json();
        Assert.Equal("secret-key-invalid", json.GetProperty("reason").GetString());
        JsonElement call = json.GetProperty("network").EnumerateArray().Single();
        Assert.Equal(401, call.GetProperty("status").GetInt32());
        Assert.Contains("Set secretKey to the instance's current secret key", json.GetProperty("whatToDo").GetString());
    }

    [Fact]
    public async Task Explain_ApiUnreachable_JwksFailedToLoadWithTheAttemptsShown()
    {
        string closed = $"http://127.0.0.1:{ClosedPort()}";

        CliRun run = await Tool.RunAsync(Args(BearerRequest(), RemoteOptions(apiUrl: closed), extra: "--json"));

        Assert.Equal(1, run.ExitCode);
        JsonElement json = run.Json();
        Assert.Equal("jwk-remote-failed-to-load", json.GetProperty("reason").GetString());
        JsonElement[] calls = [.. json.GetProperty("network").EnumerateArray()];
        Assert.Equal(3, calls.Length); // the package's attempts (JwksFetchAttempts)
        Assert.All(calls, c =>
        {
            Assert.Equal($"{closed}/v1/jwks", c.GetProperty("url").GetString());
            Assert.StartsWith("failed: cannot connect", c.GetProperty("outcome").GetString());
        });
        Assert.Contains(json.GetProperty("log").EnumerateArray(), l => l.GetProperty("eventId").GetInt32() == 5009);
    }

    [Fact]
    public async Task Explain_JwtKeyAndApiUrl_NetworklessNoCall()
    {
        int before = _api.Requests.Count;

        CliRun run = await Tool.RunAsync(Args(BearerRequest(), OptionsFile(Options(apiUrl: _api.Url))));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Network     none\n", run.Stdout);
        Assert.Equal(before, _api.Requests.Count);
    }

    [Fact]
    public async Task Batch_RemoteJwks_FetchedOnceForEveryLine()
    {
        string line = JsonSerializer.Serialize(new { request = RequestObject("/api", "GET", [.. Fetch, ("Authorization", "Bearer " + SessionToken())]) });
        int before = _api.Count("/v1/jwks");

        CliRun run = await Tool.RunWithStdinAsync(string.Join('\n', Enumerable.Repeat(line, 5)) + "\n", "request", "explain", "--batch", "--options", RemoteOptions(), "--now", Now(10_000));

        Assert.True(run.ExitCode == 0, run.ToString());
        string[] lines = run.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(5, lines.Length);
        Assert.All(lines, l => Assert.Contains("\"status\":\"signed-in\"", l));
        Assert.Equal(before + 1, _api.Count("/v1/jwks"));
        Assert.Contains("\"network\":[{\"method\":\"GET\"", lines[0]);
        Assert.Contains("\"network\":[]", lines[1]);
    }

    [Fact]
    public async Task Explain_ProductionHandshakeNonce_SignedInWithTheDirectivesAsSetCookie()
    {
        string token = SessionToken();
        _api.Nonces["n-prod"] = [$"__session={token}; Path=/; Secure; SameSite=Lax", $"__client_uat={TestKeys.NowSeconds}; Path=/; Max-Age=315360000", "__clerk_handshake_nonce=; Max-Age=0"];
        string request = RequestFile("/dashboard", "GET", [.. Navigation, ("Cookie", "__clerk_handshake_nonce=n-prod")]);

        CliRun run = await Tool.RunAsync(Args(request, OptionsFile(Options(production: true, apiUrl: _api.Url))));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("SIGNED-IN\n  user user_1, session sess_1; session token from the Set-Cookie of the handshake\n", run.Stdout);
        Assert.Contains("Response    the endpoint runs, signed in\n", run.Stdout);
        Assert.Contains($"  Set-Cookie: __session={token}; Path=/; Secure; SameSite=Lax\n", run.Stdout);
        Assert.Contains("  Set-Cookie: __clerk_handshake_nonce=; Max-Age=0\n", run.Stdout);
        Assert.Contains($"Network     GET {_api.Url}/v1/clients/handshake_payload?nonce=n-prod: 200 OK\n", run.Stdout);
        Assert.Contains("Token in the Set-Cookie of the handshake (verified: the request is signed in with it)", run.Stdout);
    }

    [Fact]
    public async Task Explain_DevelopmentHandshakeNonceInQuery_CleanUpRedirectWithCookies()
    {
        string token = SessionToken();
        _api.Nonces["n-dev"] = [$"__session={token}; Path=/", $"__client_uat={TestKeys.NowSeconds}; Path=/"];
        string request = RequestFile("/dashboard?tab=2&__clerk_handshake_nonce=n-dev", "GET", [.. Navigation, ("Cookie", "__clerk_db_jwt=dvb")]);

        CliRun run = await Tool.RunAsync(Args(request, OptionsFile(Options(apiUrl: _api.Url)), extra: "--json"));

        Assert.True(run.ExitCode == 0, run.ToString());
        JsonElement json = run.Json();
        Assert.Equal("signed-in", json.GetProperty("status").GetString());
        Assert.Equal(307, json.GetProperty("statusCode").GetInt32());
        Assert.Equal("https://example.com/dashboard?tab=2", json.GetProperty("headers").GetProperty("Location")[0].GetString());
        Assert.Equal(2, json.GetProperty("headers").GetProperty("Set-Cookie").GetArrayLength());
        Assert.Equal("no-store", json.GetProperty("headers").GetProperty("Cache-Control")[0].GetString());
    }

    [Fact]
    public async Task Explain_UnknownNonce_SessionTokenMissingAndTheLogSaysWhy()
    {
        string request = RequestFile("/", "GET", [.. Navigation, ("Cookie", "__clerk_handshake_nonce=n-unknown")]);

        CliRun run = await Tool.RunAsync(Args(request, OptionsFile(Options(production: true, apiUrl: _api.Url))));

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("SIGNED-OUT: session-token-missing\n", run.Stdout);
        Assert.Contains($"Network     GET {_api.Url}/v1/clients/handshake_payload?nonce=n-unknown: 404 Not Found\n", run.Stdout);
        Assert.Contains("Log         error 5007: Fetching the handshake payload failed (status 404, resource_not_found); the request continues signed out.\n", run.Stdout);
    }

    [Fact]
    public async Task Explain_NonceWithApiUnreachable_SessionTokenMissingAndTheFailedCall()
    {
        string closed = $"http://127.0.0.1:{ClosedPort()}";
        string request = RequestFile("/", "GET", [.. Navigation, ("Cookie", "__clerk_handshake_nonce=n-any")]);

        CliRun run = await Tool.RunAsync(Args(request, OptionsFile(Options(production: true, apiUrl: closed)), extra: "--json"));

        JsonElement json = run.Json();
        Assert.Equal("session-token-missing", json.GetProperty("reason").GetString());
        Assert.StartsWith("failed: cannot connect", json.GetProperty("network")[0].GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Explain_ApiAnswersARedirect_NotFollowedAndSaidSo()
    {
        CliRun run = await Tool.RunAsync(Args(BearerRequest(), RemoteOptions(apiUrl: _api.Url + "/moved"), extra: "--json"));

        JsonElement json = run.Json();
        Assert.Equal("jwk-remote-failed-to-load", json.GetProperty("reason").GetString());
        Assert.All(json.GetProperty("network").EnumerateArray(), c =>
            Assert.Equal("302 Found, a redirect to https://elsewhere.example/v1/jwks that was not followed", c.GetProperty("outcome").GetString()));
        Assert.DoesNotContain(_api.Requests, r => r.PathAndQuery.Contains("elsewhere", StringComparison.Ordinal));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
