using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Latchkey.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace Latchkey.Server.Tests.Interop;

/// <summary>
/// The official <c>@clerk/backend</c> 3.25.0 (tests/interop, pinned by its lockfile) pointed at a
/// running Latchkey server with <c>apiUrl</c>, the instance's secret key and no <c>jwtKey</c>:
/// <c>authenticateRequest</c> fetches the JWKS from Latchkey and signs a bearer token and a
/// handshake nonce and a legacy signed handshake payload in; the users and sessions APIs work. Every step of backend-api.mjs is checked.
/// The handshake nonces come from a round trip the SDK starts itself (handshake-start.mjs): it
/// builds the Frontend API URL, without and with <c>proxyUrl</c>, the browser follows it to
/// Latchkey, and Latchkey sends it back to the app with the nonce.
/// </summary>
public sealed class ClerkBackendApiInteropTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private const string App = "http://127.0.0.1:5200";

    private static string InteropDir => Path.Combine(TestDatabase.RepositoryRoot(), "tests", "interop");

    [Fact]
    public async Task ClerkBackend3250_AgainstLatchkey_AuthenticatesAndManagesUsersAndSessions()
    {
        var modules = Path.Combine(InteropDir, "node_modules", "@clerk", "backend", "package.json");
        Assert.True(File.Exists(modules), $"{modules} is missing: run scripts/setup.sh (npm ci in tests/interop) first.");
        Assert.Equal("3.25.0", JsonNode.Parse(File.ReadAllText(modules))!["version"]!.GetValue<string>());

        var server = fixture.Server;
        using var backend = server.CreateBackend();
        var email = $"interop-{Guid.NewGuid():N}@example.com";
        var userId = await backend.CreateUserAsync(email);
        using var browser = server.CreateClient(origin: App);
        var sessionId = await browser.SignInAsync(email);
        var sessionToken = await browser.MintAsync(sessionId);
        var (handshakeUrl, proxyHandshakeUrl) = await HandshakeStartedBySdkAsync(server, browser);
        var legacyHandshake = await browser.GetAsync("v1/client/handshake?suffixed_cookies=true&redirect_url=" + Uri.EscapeDataString(App + "/dashboard"));
        Assert.Equal(HttpStatusCode.TemporaryRedirect, legacyHandshake.Status);
        var newUserEmail = $"interop-new-{Guid.NewGuid():N}@example.com";

        var results = await RunAsync("backend-api.mjs", new
        {
            apiUrl = server.Origin,
            secretKey = KeyFile.SecretKey(server),
            publishableKey = KeyFile.PublishableKey(server),
            appOrigin = App,
            sessionToken,
            sessionId,
            userId,
            userEmail = email,
            handshakeUrl,
            proxyUrl = server.Origin,
            proxyHandshakeUrl,
            legacyHandshakeUrl = legacyHandshake.Headers.Location!.ToString(),
            newUserEmail,
        });

        Step(results, "wrongSecretKey", s =>
        {
            Assert.Equal("signed-out", s.GetProperty("status").GetString());
            Assert.Equal("secret-key-invalid", s.GetProperty("reason").GetString());
        });
        Step(results, "bearer", s =>
        {
            Assert.Equal("signed-in", s.GetProperty("status").GetString());
            Assert.Equal(userId, s.GetProperty("userId").GetString());
            Assert.Equal(sessionId, s.GetProperty("sessionId").GetString());
        });
        Step(results, "authGetToken", s => Assert.Equal(TimeSpan.FromSeconds(90), Lifetime(s.GetProperty("jwt").GetString()!)));
        Step(results, "handshake", s =>
        {
            Assert.Equal("signed-in", s.GetProperty("status").GetString());
            Assert.Equal(userId, s.GetProperty("userId").GetString());
            var cookies = s.GetProperty("setCookies").EnumerateArray().Select(c => c.GetString()).ToList();
            Assert.Contains("__session", cookies);
            Assert.Contains("__client_uat", cookies);
            Assert.DoesNotContain("__clerk_handshake_nonce", QueryHelpers.ParseQuery(new Uri(s.GetProperty("location").GetString()!).Query).Keys);
        });
        Step(results, "handshakeProxy", s =>
        {
            Assert.Equal("signed-in", s.GetProperty("status").GetString());
            Assert.Equal(userId, s.GetProperty("userId").GetString());
            Assert.Contains("__session", s.GetProperty("setCookies").EnumerateArray().Select(c => c.GetString()));
        });
        Step(results, "legacyHandshake", s =>
        {
            Assert.Equal("signed-in", s.GetProperty("status").GetString());
            Assert.Equal(userId, s.GetProperty("userId").GetString());
            var cookies = s.GetProperty("setCookies").EnumerateArray().Select(c => c.GetString()).ToList();
            Assert.Contains("__session", cookies);
            Assert.Contains("__client_uat", cookies);
            Assert.DoesNotContain("__clerk_handshake", QueryHelpers.ParseQuery(new Uri(s.GetProperty("location").GetString()!).Query).Keys);
        });
        Step(results, "getUserList", s =>
        {
            Assert.Equal(1, s.GetProperty("totalCount").GetInt32());
            Assert.Equal([userId], s.GetProperty("ids").EnumerateArray().Select(i => i.GetString()));
            Assert.Equal(email, s.GetProperty("primaryEmail").GetString());
            Assert.True(s.GetProperty("isUserObject").GetBoolean());
        });
        Step(results, "createUser", s =>
        {
            Assert.StartsWith("user_", s.GetProperty("id").GetString(), StringComparison.Ordinal);
            Assert.Equal(newUserEmail, s.GetProperty("primaryEmail").GetString());
            Assert.Equal("verified", s.GetProperty("verification").GetString());
            Assert.Equal("Interop Check", s.GetProperty("fullName").GetString());
            Assert.Equal("pro", s.GetProperty("plan").GetString());
            Assert.True(s.GetProperty("passwordEnabled").GetBoolean());
            Assert.True(s.GetProperty("createdAtIsMs").GetBoolean());
        });
        Step(results, "updateUserMetadata", s => Assert.Equal("gold", s.GetProperty("tier").GetString()));
        Step(results, "getCount", s => Assert.Equal(1, s.GetProperty("count").GetInt32()));
        Step(results, "getSessionList", s =>
        {
            Assert.Equal(1, s.GetProperty("totalCount").GetInt32());
            Assert.Equal([sessionId], s.GetProperty("ids").EnumerateArray().Select(i => i.GetString()));
        });
        Step(results, "getToken", s => Assert.Equal(TimeSpan.FromSeconds(120), Lifetime(s.GetProperty("jwt").GetString()!)));
        Failed(results, "templateToken", 404, "template_not_found");
        Step(results, "revokeSession", s =>
        {
            Assert.Equal(sessionId, s.GetProperty("id").GetString());
            Assert.Equal("revoked", s.GetProperty("status").GetString());
        });
        Failed(results, "getUserUnknown", 404, "resource_not_found");

        // What the SDK did is visible in Latchkey: the session can no longer mint, the new user signs in.
        var mint = await browser.PostAsync($"v1/client/sessions/{sessionId}/tokens");
        Assert.Equal("session_revoked", mint.ErrorCode);
        using var newcomer = server.CreateClient();
        Assert.NotEmpty(await newcomer.SignInAsync(newUserEmail, "an interop passphrase"));
    }

    /// <summary>
    /// Has the SDK start a handshake for a page navigation of the signed-in <paramref name="browser"/>
    /// whose app domain holds <c>__client_uat</c> and the dev-browser token but no <c>__session</c>,
    /// once without and once with <c>proxyUrl</c> = the server's origin; checks the Locations it
    /// builds, follows each to Latchkey as a browser would, and returns where Latchkey sends the
    /// browser back (the page, with <c>__clerk_handshake_nonce</c>).
    /// </summary>
    private static async Task<(string Direct, string Proxied)> HandshakeStartedBySdkAsync(LatchkeyTestServer server, FrontendClient browser)
    {
        var devBrowser = (await browser.PostAsync("v1/dev_browser")).EnsureStatus(HttpStatusCode.OK).Body.GetProperty("id").GetString()!;
        var clientUat = browser.Cookie("__client_uat");
        Assert.True(long.Parse(clientUat!, System.Globalization.CultureInfo.InvariantCulture) > 0, "signing in sets __client_uat > 0");
        const string Page = App + "/dashboard?tab=billing";
        var started = await RunAsync("handshake-start.mjs", new
        {
            apiUrl = server.Origin,
            secretKey = KeyFile.SecretKey(server),
            publishableKey = KeyFile.PublishableKey(server),
            appOrigin = App,
            pageUrl = Page,
            clientUat,
            devBrowser,
            proxyUrl = server.Origin,
        });

        Uri Started(string name)
        {
            Uri? location = null;
            Step(started, name, s =>
            {
                Assert.Equal("handshake", s.GetProperty("status").GetString());
                Assert.Equal("client-uat-but-no-session-token", s.GetProperty("reason").GetString());
                location = new Uri(s.GetProperty("location").GetString()!);
            });
            Assert.Equal("127.0.0.1", location!.Host);
            Assert.Equal(server.Port, location.Port);
            Assert.Equal("/v1/client/handshake", location.AbsolutePath);
            var query = QueryHelpers.ParseQuery(location.Query);
            Assert.Equal(Page, query["redirect_url"].ToString());
            Assert.Equal("nonce", query["format"].ToString());
            Assert.Equal("client-uat-but-no-session-token", query["__clerk_hs_reason"].ToString());
            Assert.Equal(devBrowser, query["__clerk_db_jwt"].ToString());
            Assert.False(query.ContainsKey("__session"));
            return location;
        }

        // Without proxyUrl the SDK writes https:// before the host of the publishable key, whatever
        // scheme the Frontend API has: on a plain-http server the browser could not follow it
        // (docs/compatibility-backend-api.md). Behind HTTPS it is the right URL; here the scheme
        // is corrected to http, as TLS termination in front of the server would do.
        var direct = Started("handshakeStart");
        Assert.Equal(Uri.UriSchemeHttps, direct.Scheme);
        var directOverHttp = new UriBuilder(direct) { Scheme = Uri.UriSchemeHttp, Port = direct.Port }.Uri;

        // With proxyUrl the SDK takes the URL as given, scheme included: http stays http.
        var proxied = Started("handshakeStartProxy");
        Assert.Equal(server.Origin, proxied.GetLeftPart(UriPartial.Authority));

        async Task<string> FollowAsync(Uri handshake)
        {
            var back = await browser.GetAsync(handshake.AbsoluteUri);
            Assert.Equal(HttpStatusCode.TemporaryRedirect, back.Status);
            var location = back.Headers.Location!.ToString();
            Assert.StartsWith(Page + "&__clerk_handshake_nonce=", location, StringComparison.Ordinal);
            return location;
        }

        return (await FollowAsync(directOverHttp), await FollowAsync(proxied));
    }

    private static TimeSpan Lifetime(string jwt)
    {
        var payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        var claims = JsonDocument.Parse(Convert.FromBase64String(payload + new string('=', (4 - (payload.Length % 4)) % 4))).RootElement;
        return TimeSpan.FromSeconds(claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());
    }

    private static void Step(JsonElement results, string name, Action<JsonElement> check)
    {
        var step = results.GetProperty(name);
        Assert.True(step.GetProperty("ok").GetBoolean(), $"{name}: {step}");
        check(step);
    }

    private static void Failed(JsonElement results, string name, int status, string code)
    {
        var step = results.GetProperty(name);
        Assert.False(step.GetProperty("ok").GetBoolean(), $"{name} should have failed: {step}");
        Assert.Equal(status, step.GetProperty("status").GetInt32());
        Assert.Contains(code, step.GetProperty("codes").EnumerateArray().Select(c => c.GetString()));
    }

    private static async Task<JsonElement> RunAsync(string script, object input)
    {
        var dir = Directory.CreateTempSubdirectory("latchkey-bapi-interop-").FullName;
        try
        {
            var file = Path.Combine(dir, "input.json");
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(input));
            var output = Path.Combine(dir, "output.json");
            var start = new ProcessStartInfo("node", [script, file, output])
            {
                WorkingDirectory = InteropDir,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var node = Process.Start(start)!;
            var stdout = node.StandardOutput.ReadToEndAsync();
            var stderr = node.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            await node.WaitForExitAsync(timeout.Token);
            Assert.True(node.ExitCode == 0 && File.Exists(output), $"node exited {node.ExitCode}: {await stdout} {await stderr}");
            return JsonDocument.Parse(await File.ReadAllTextAsync(output)).RootElement.Clone();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
