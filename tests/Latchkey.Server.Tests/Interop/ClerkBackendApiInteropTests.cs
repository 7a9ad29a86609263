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
        var handshake = await browser.GetAsync("v1/client/handshake?format=nonce&suffixed_cookies=true&redirect_url=" + Uri.EscapeDataString(App + "/dashboard"));
        Assert.Equal(HttpStatusCode.TemporaryRedirect, handshake.Status);
        var legacyHandshake = await browser.GetAsync("v1/client/handshake?suffixed_cookies=true&redirect_url=" + Uri.EscapeDataString(App + "/dashboard"));
        Assert.Equal(HttpStatusCode.TemporaryRedirect, legacyHandshake.Status);
        var newUserEmail = $"interop-new-{Guid.NewGuid():N}@example.com";

        var results = await RunAsync(new
        {
            apiUrl = server.Origin,
            secretKey = KeyFile.SecretKey(server),
            publishableKey = KeyFile.PublishableKey(server),
            appOrigin = App,
            sessionToken,
            sessionId,
            userId,
            userEmail = email,
            handshakeUrl = handshake.Headers.Location!.ToString(),
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

    private static async Task<JsonElement> RunAsync(object input)
    {
        var dir = Directory.CreateTempSubdirectory("latchkey-bapi-interop-").FullName;
        try
        {
            var file = Path.Combine(dir, "input.json");
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(input));
            var output = Path.Combine(dir, "output.json");
            var start = new ProcessStartInfo("node", ["backend-api.mjs", file, output])
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
