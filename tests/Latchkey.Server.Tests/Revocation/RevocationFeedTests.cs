using System.Net;
using System.Text.Json;
using Latchkey.Server.Storage;
using Latchkey.Server.Tests.Infrastructure;
using Latchkey.Server.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Server.Tests.Revocation;

/// <summary>The JSON feed on each provider: which changes write entries, their shape, paging and input errors.</summary>
public abstract class RevocationFeedTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    private LatchkeyTestServer Server => fixture.Server;

    private static string NewEmail() => $"rev-{Guid.NewGuid():N}@example.com";

    private async Task<JsonElement?> EntryForAsync(string sessionId)
    {
        using var feed = new RevocationFeedClient(Server);
        var all = await feed.ReadAllAsync();
        return all.Where(e => e.GetProperty("session_id").GetString() == sessionId).Cast<JsonElement?>().SingleOrDefault();
    }

    [Fact]
    public async Task ReadFeed_AfterEnd_ListsTheSessionWithUserReasonAndExpiry()
    {
        using var browser = Server.CreateClient();
        var sessionId = await browser.SignUpAsync(NewEmail());
        var before = DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeMilliseconds();
        var userId = (await browser.GetAsync("v1/client")).Response.GetProperty("sessions")[0].GetProperty("user").GetProperty("id").GetString();

        (await browser.PostAsync($"v1/client/sessions/{sessionId}/end")).EnsureStatus(HttpStatusCode.OK);
        var entry = await EntryForAsync(sessionId);

        Assert.NotNull(entry);
        Assert.Equal(userId, entry.Value.GetProperty("user_id").GetString());
        Assert.Equal("ended", entry.Value.GetProperty("reason").GetString());
        var revokedAt = entry.Value.GetProperty("revoked_at").GetInt64();
        Assert.InRange(revokedAt, before, DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeMilliseconds());
        // The longest token lifetime (Backend API mints: 600 s by default; session tokens 60 s)
        // plus the cache trust window (3 × 1 s poll interval).
        Assert.Equal(603_000, entry.Value.GetProperty("expires_at").GetInt64() - revokedAt);
    }

    [Fact]
    public async Task ReadFeed_RemoveSignOutAllAndDestroyClient_EachWriteEntries()
    {
        using var browser = Server.CreateClient();
        var removed = await browser.SignUpAsync(NewEmail());
        (await browser.PostAsync($"v1/client/sessions/{removed}/remove")).EnsureStatus(HttpStatusCode.OK);
        using var second = Server.CreateClient();
        var signedOut = await second.SignUpAsync(NewEmail());
        (await second.SendAsync(HttpMethod.Delete, "v1/client/sessions")).EnsureStatus(HttpStatusCode.OK);
        using var third = Server.CreateClient();
        var destroyed = await third.SignUpAsync(NewEmail());
        (await third.SendAsync(HttpMethod.Delete, "v1/client")).EnsureStatus(HttpStatusCode.OK);

        Assert.Equal("removed", (await EntryForAsync(removed))?.GetProperty("reason").GetString());
        Assert.Equal("ended", (await EntryForAsync(signedOut))?.GetProperty("reason").GetString());
        Assert.Equal("ended", (await EntryForAsync(destroyed))?.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task ReadFeed_ActiveSession_IsNotListed()
    {
        using var browser = Server.CreateClient();
        var sessionId = await browser.SignUpAsync(NewEmail());

        Assert.Null(await EntryForAsync(sessionId));
        await browser.MintAsync(sessionId);
    }

    [Fact]
    public async Task BanUser_RevokesEverySessionWithEntriesAndMintIsRefused()
    {
        var email = NewEmail();
        using var first = Server.CreateClient();
        var one = await first.SignUpAsync(email);
        using var second = Server.CreateClient();
        var two = await second.SignInAsync(email);
        await second.MintAsync(two);
        var userId = (await first.GetAsync("v1/client")).Response.GetProperty("sessions")[0].GetProperty("user").GetProperty("id").GetString()!;

        await using (var scope = Server.Services.CreateAsyncScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<LatchkeyDbContext>().Users.SingleAsync(u => u.Id == userId);
            await scope.ServiceProvider.GetRequiredService<UserService>().BanAsync(user, CancellationToken.None);
        }

        var mint = await second.PostAsync($"v1/client/sessions/{two}/tokens");
        Assert.Equal(HttpStatusCode.Unauthorized, mint.Status);
        Assert.Equal("session_revoked", mint.ErrorCode);
        Assert.Equal("user_banned", (await EntryForAsync(one))?.GetProperty("reason").GetString());
        Assert.Equal("user_banned", (await EntryForAsync(two))?.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task BackendApiBanAndDelete_FeedEntriesNameTheCause()
    {
        using var banned = Server.CreateClient();
        var bannedSession = await banned.SignUpAsync(NewEmail());
        using var deleted = Server.CreateClient();
        var deletedSession = await deleted.SignUpAsync(NewEmail());
        string UserOf(ApiResponse client) => client.Response.GetProperty("sessions")[0].GetProperty("user").GetProperty("id").GetString()!;
        var bannedUser = UserOf(await banned.GetAsync("v1/client"));
        var deletedUser = UserOf(await deleted.GetAsync("v1/client"));
        using var backend = new BackendClient(Server, KeyFile.SecretKey(Server));

        (await backend.PostAsync($"v1/users/{bannedUser}/ban")).EnsureStatus(HttpStatusCode.OK);
        (await backend.DeleteAsync($"v1/users/{deletedUser}")).EnsureStatus(HttpStatusCode.OK);

        Assert.Equal("user_banned", (await EntryForAsync(bannedSession))?.GetProperty("reason").GetString());
        Assert.Equal("user_deleted", (await EntryForAsync(deletedSession))?.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task BackendApiRevoke_FeedEntryHasReasonRevoked()
    {
        using var browser = Server.CreateClient();
        var sessionId = await browser.SignUpAsync(NewEmail());
        using var backend = new BackendClient(Server, KeyFile.SecretKey(Server));

        (await backend.PostAsync($"v1/sessions/{sessionId}/revoke")).EnsureStatus(HttpStatusCode.OK);
        var entry = await EntryForAsync(sessionId);

        Assert.Equal("revoked", entry?.GetProperty("reason").GetString());
        var mint = await browser.PostAsync($"v1/client/sessions/{sessionId}/tokens");
        Assert.Equal("session_revoked", mint.ErrorCode);
    }

    [Fact]
    public async Task DeleteUser_EntriesOutliveTheUserAndItsSessions()
    {
        using var browser = Server.CreateClient();
        var sessionId = await browser.SignUpAsync(NewEmail());
        await browser.MintAsync(sessionId);
        var userId = (await browser.GetAsync("v1/client")).Response.GetProperty("sessions")[0].GetProperty("user").GetProperty("id").GetString()!;

        await using (var scope = Server.Services.CreateAsyncScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<LatchkeyDbContext>().Users.SingleAsync(u => u.Id == userId);
            await scope.ServiceProvider.GetRequiredService<UserService>().DeleteAsync(user, CancellationToken.None);
        }

        var entry = await EntryForAsync(sessionId);
        Assert.Equal("user_deleted", entry?.GetProperty("reason").GetString());
        Assert.Equal(userId, entry?.GetProperty("user_id").GetString());
        var mint = await browser.PostAsync($"v1/client/sessions/{sessionId}/tokens");
        Assert.Equal(HttpStatusCode.NotFound, mint.Status);
    }

    [Fact]
    public async Task ReadFeed_LimitOne_PagesInCommitOrderWithoutRepeats()
    {
        using var feed = new RevocationFeedClient(Server);
        var start = (await feed.ReadAsync(limit: 500)).NextCursor;
        while ((await feed.ReadAsync(start, 500)) is { HasMore: true } page)
        {
            start = page.NextCursor;
        }

        start = (await feed.ReadAsync(start)).NextCursor;
        var ended = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var browser = Server.CreateClient();
            var id = await browser.SignUpAsync(NewEmail());
            (await browser.PostAsync($"v1/client/sessions/{id}/end")).EnsureStatus(HttpStatusCode.OK);
            ended.Add(id);
        }

        var seen = new List<string>();
        var cursor = start;
        var pages = 0;
        while (true)
        {
            var page = await feed.ReadAsync(cursor, limit: 1);
            seen.AddRange(page.Data.Select(e => e.GetProperty("session_id").GetString()!));
            Assert.True(long.Parse(page.NextCursor, System.Globalization.CultureInfo.InvariantCulture) >= long.Parse(cursor, System.Globalization.CultureInfo.InvariantCulture));
            cursor = page.NextCursor;
            pages++;
            if (!page.HasMore)
            {
                break;
            }
        }

        // Other tests of this class may revoke in parallel; ours appear once each, in order.
        Assert.Equal(ended, seen.Where(ended.Contains).ToList());
        Assert.True(pages >= 3);
        Assert.DoesNotContain((await feed.ReadAsync(cursor)).Data, e => ended.Contains(e.GetProperty("session_id").GetString()!));
    }

    [Theory]
    [InlineData("", "authentication_invalid")]
    [InlineData("Bearer ", "authentication_invalid")]
    [InlineData("Basic c2tfdGVzdA==", "authentication_invalid")]
    [InlineData("Bearer sk_test_wrongwrongwrongwrongwrongwrongwrongwrong1234", "clerk_key_invalid")]
    public async Task ReadFeed_WithoutLiveSecretKey_IsUnauthorizedProblemWithTheBackendApiCode(string authorization, string code)
    {
        using var feed = new RevocationFeedClient(Server, secretKey: null);

        var response = await feed.GetAsync(authorization: authorization);
        await using var stream = await feed.OpenStreamAsync(authorization: authorization);
        var streamBody = JsonDocument.Parse(await stream.ReadToEndAsync()).RootElement;

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("application/problem+json", response.ContentHeaders.ContentType?.MediaType);
        Assert.Equal(code, response.Body.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, stream.Response.StatusCode);
        Assert.Equal(code, streamBody.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("?since=-1")]
    [InlineData("?since=abc")]
    [InlineData("?since=1.5")]
    [InlineData("?since=%201")]
    [InlineData("?since=%2B1")]
    [InlineData("?since=99999999999999999999")]
    [InlineData("?since=1&since=2")]
    public async Task ReadFeed_MalformedCursor_IsProblemWithCode(string query)
    {
        using var feed = new RevocationFeedClient(Server);

        var response = await feed.GetAsync(query);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("application/problem+json", response.ContentHeaders.ContentType?.MediaType);
        Assert.Equal("cursor_invalid", response.Body.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=501")]
    [InlineData("?limit=ten")]
    [InlineData("?limit=")]
    public async Task ReadFeed_LimitOutOfRange_IsProblemWithCode(string query)
    {
        using var feed = new RevocationFeedClient(Server);

        var response = await feed.GetAsync(query);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("limit_invalid", response.Body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task OpenStream_MalformedLastEventId_IsProblemWithCode()
    {
        using var feed = new RevocationFeedClient(Server);

        await using var stream = await feed.OpenStreamAsync(lastEventId: "12x");

        Assert.Equal(HttpStatusCode.BadRequest, stream.Response.StatusCode);
        Assert.Contains("cursor_invalid", await stream.ReadToEndAsync(), StringComparison.Ordinal);
    }
}

public sealed class RevocationFeedSqliteTests(SqliteServerFixture fixture) : RevocationFeedTests<SqliteServerFixture>(fixture);

public sealed class RevocationFeedPostgresTests(PostgresServerFixture fixture) : RevocationFeedTests<PostgresServerFixture>(fixture);
