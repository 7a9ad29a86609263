using System.Net;
using Latchkey.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Server.Tests.Revocation;

/// <summary>The server-sent-events stream on each provider: events, resumption, heartbeats.</summary>
public abstract class RevocationStreamTests(TestDatabaseKind kind)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static string NewEmail() => $"sse-{Guid.NewGuid():N}@example.com";

    private static async Task<string> SignUpAndEndAsync(LatchkeyTestServer server)
    {
        using var browser = server.CreateClient();
        var sessionId = await browser.SignUpAsync(NewEmail());
        (await browser.PostAsync($"v1/client/sessions/{sessionId}/end")).EnsureStatus(HttpStatusCode.OK);
        return sessionId;
    }

    [Fact]
    public async Task Stream_SignOut_ArrivesAsEventWithCursorIdAndResumesAfterIt()
    {
        await using var server = await LatchkeyTestServer.StartAsync(kind);
        using var feed = new RevocationFeedClient(server);
        var earlier = await SignUpAndEndAsync(server);

        string firstId;
        await using (var stream = await feed.OpenStreamAsync())
        {
            Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
            Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("1000", (await stream.NextAsync(Wait))!.Retry);
            var replayed = await stream.NextEventAsync(Wait);
            Assert.Equal(earlier, replayed.Json.GetProperty("session_id").GetString());

            var live = await SignUpAndEndAsync(server);
            var pushed = await stream.NextEventAsync(Wait);
            Assert.Equal("revocation", pushed.Event);
            Assert.Equal(live, pushed.Json.GetProperty("session_id").GetString());
            Assert.Equal("ended", pushed.Json.GetProperty("reason").GetString());
            Assert.True(long.Parse(pushed.Id!, System.Globalization.CultureInfo.InvariantCulture) > long.Parse(replayed.Id!, System.Globalization.CultureInfo.InvariantCulture));
            firstId = pushed.Id!;
        }

        var missed = await SignUpAndEndAsync(server);
        await using var resumed = await feed.OpenStreamAsync(since: "0", lastEventId: firstId);
        var next = await resumed.NextEventAsync(Wait);

        Assert.Equal(missed, next.Json.GetProperty("session_id").GetString());
    }

    [Fact]
    public async Task Stream_Idle_SendsHeartbeatComments()
    {
        await using var server = await LatchkeyTestServer.StartAsync(kind, new Dictionary<string, string?> { ["Latchkey:Revocation:StreamHeartbeatInterval"] = "00:00:01" });
        using var feed = new RevocationFeedClient(server);
        await using var stream = await feed.OpenStreamAsync();

        await stream.NextAsync(Wait);
        var heartbeat = await stream.NextAsync(Wait);

        Assert.Equal("heartbeat", heartbeat?.Comment);
    }

    [Fact]
    public async Task Stream_SecretKeyRevokedWhileOpen_EndsAtTheNextHeartbeat()
    {
        await using var server = await LatchkeyTestServer.StartAsync(kind, new Dictionary<string, string?> { ["Latchkey:Revocation:StreamHeartbeatInterval"] = "00:00:01" });
        using var feed = new RevocationFeedClient(server);
        await using var stream = await feed.OpenStreamAsync();
        await stream.NextAsync(Wait);
        Assert.Equal("heartbeat", (await stream.NextAsync(Wait))?.Comment);

        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Latchkey.Server.Storage.LatchkeyDbContext>();
            await db.SecretKeys.ExecuteUpdateAsync(k => k.SetProperty(x => x.RevokedAt, DateTimeOffset.UtcNow));
        }

        Assert.Null(await stream.NextAsync(Wait));
    }

    [Fact]
    public async Task Stream_SinceNewestCursor_SendsOnlyLaterEntries()
    {
        await using var server = await LatchkeyTestServer.StartAsync(kind);
        using var feed = new RevocationFeedClient(server);
        await SignUpAndEndAsync(server);
        var cursor = (await feed.ReadAsync()).NextCursor;

        await using var stream = await feed.OpenStreamAsync(since: cursor);
        var later = await SignUpAndEndAsync(server);
        var next = await stream.NextEventAsync(Wait);

        Assert.Equal(later, next.Json.GetProperty("session_id").GetString());
    }

    [Fact]
    public async Task Shutdown_WithOpenStream_EndsTheStreamPromptly()
    {
        var server = await LatchkeyTestServer.StartAsync(kind);
        using var feed = new RevocationFeedClient(server);
        await using var stream = await feed.OpenStreamAsync();
        await stream.NextAsync(Wait);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        await server.DisposeAsync();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"shutdown took {watch.Elapsed}");
        Assert.Null(await stream.NextAsync(Wait));
    }
}

public sealed class RevocationStreamSqliteTests() : RevocationStreamTests(TestDatabaseKind.Sqlite);

public sealed class RevocationStreamPostgresTests() : RevocationStreamTests(TestDatabaseKind.Postgres);
