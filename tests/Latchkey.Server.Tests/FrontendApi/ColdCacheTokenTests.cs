using System.Net;
using Latchkey.Server.Tests.Infrastructure;

namespace Latchkey.Server.Tests.FrontendApi;

/// <summary>
/// The token endpoint with the session cache off: every mint reads its client and session
/// from the database (the one-query path a cold browser takes), and every check still holds.
/// </summary>
public abstract class ColdCacheTokenTests(TestDatabaseKind kind)
{
    private static readonly Dictionary<string, string?> NoCache = new() { ["Latchkey:SessionCacheDuration"] = "00:00:00" };

    private static string NewEmail() => $"cold-{Guid.NewGuid():N}@example.com";

    [Fact]
    public async Task MintToken_ColdCaches_ReturnsTokenForTheSessionOfThisClient()
    {
        await using var server = await LatchkeyTestServer.StartAsync(kind, NoCache);
        using var browser = server.CreateClient(origin: "http://127.0.0.1:5200");
        var sessionId = await browser.SignUpAsync(NewEmail());

        var first = await browser.MintAsync(sessionId);
        var second = await browser.MintAsync(sessionId);

        foreach (var jwt in new[] { first, second })
        {
            var result = await TokenAssertions.VerifyAsync(server, jwt);
            Assert.True(result.IsValid, result.ToString());
            Assert.Equal(sessionId, result.Claims!.SessionId);
        }
    }

    [Fact]
    public async Task MintToken_ColdCachesSessionOfAnotherClient_IsNotFound()
    {
        await using var server = await LatchkeyTestServer.StartAsync(kind, NoCache);
        using var owner = server.CreateClient();
        var sessionId = await owner.SignUpAsync(NewEmail());
        using var stranger = server.CreateClient();
        await stranger.SignUpAsync(NewEmail());

        var response = await stranger.PostAsync($"v1/client/sessions/{sessionId}/tokens");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("session_not_found", response.ErrorCode);
    }

    [Fact]
    public async Task MintToken_ColdCachesUnknownClientCookie_IsUnauthorized()
    {
        await using var server = await LatchkeyTestServer.StartAsync(kind, NoCache);
        using var owner = server.CreateClient();
        var sessionId = await owner.SignUpAsync(NewEmail());
        var cookies = new CookieContainer();
        cookies.Add(server.BaseAddress, new Cookie("__client", Latchkey.Server.Crypto.SecureRandom.Token()));
        using var forger = server.CreateClient(cookies);

        var response = await forger.PostAsync($"v1/client/sessions/{sessionId}/tokens");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("authentication_invalid", response.ErrorCode);
    }

    [Fact]
    public async Task MintToken_ColdCachesAfterEnd_IsRefusedWithSessionEnded()
    {
        await using var server = await LatchkeyTestServer.StartAsync(kind, NoCache);
        using var browser = server.CreateClient();
        var sessionId = await browser.SignUpAsync(NewEmail());

        (await browser.PostAsync($"v1/client/sessions/{sessionId}/end")).EnsureStatus(HttpStatusCode.OK);
        var response = await browser.PostAsync($"v1/client/sessions/{sessionId}/tokens");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("session_ended", response.ErrorCode);
    }
}

public sealed class ColdCacheTokenSqliteTests() : ColdCacheTokenTests(TestDatabaseKind.Sqlite);

public sealed class ColdCacheTokenPostgresTests() : ColdCacheTokenTests(TestDatabaseKind.Postgres);
