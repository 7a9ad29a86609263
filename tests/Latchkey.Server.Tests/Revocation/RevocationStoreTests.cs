using System.Net;
using Latchkey.Server.Revocation;
using Latchkey.Server.Sessions;
using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;
using Latchkey.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Server.Tests.Revocation;

/// <summary>Entries and the store on each provider: atomic with the status change, removed once every token has expired.</summary>
public abstract class RevocationStoreTests(TestDatabaseKind kind)
{
    private static string NewEmail() => $"rst-{Guid.NewGuid():N}@example.com";

    [Fact]
    public async Task SetStatus_SaveLosesConcurrencyRace_WritesNoEntry()
    {
        await using var server = await LatchkeyTestServer.StartAsync(kind);
        using var browser = server.CreateClient();
        var sessionId = await browser.SignUpAsync(NewEmail());

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LatchkeyDbContext>();
        var session = await db.Sessions.SingleAsync(s => s.Id == sessionId);
        // Another request changes the row first (its concurrency token moves on).
        await using (var other = server.Services.CreateAsyncScope())
        {
            var otherDb = other.ServiceProvider.GetRequiredService<LatchkeyDbContext>();
            await otherDb.Sessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Version, Guid.NewGuid()));
        }

        scope.ServiceProvider.GetRequiredService<SessionService>().SetStatus(session, SessionStatus.Revoked, "test");
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync());

        await using var check = server.Services.CreateAsyncScope();
        var checkDb = check.ServiceProvider.GetRequiredService<LatchkeyDbContext>();
        Assert.False(await checkDb.Invalidations.AnyAsync(i => i.SubjectId == sessionId));
        Assert.Equal(SessionStatus.Active, (await checkDb.Sessions.SingleAsync(s => s.Id == sessionId)).Status);
        await browser.MintAsync(sessionId);
    }

    [Fact]
    public async Task Janitor_AfterEveryTokenExpiredAndGrace_RemovesTheEntry()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        await using var server = await LatchkeyTestServer.StartAsync(kind, new Dictionary<string, string?>
        {
            ["Latchkey:TokenLifetime"] = "00:00:30",
            // Backend API mints are the longest-lived tokens (600 s by default); cap them too.
            ["Latchkey:BackendTokenMaximumLifetime"] = "00:00:30",
            ["Latchkey:Revocation:RetentionGrace"] = "00:00:10",
            // expires_at below is the longest token lifetime + the cache trust window (3 s) + this.
            ["Latchkey:SessionCacheDuration"] = "00:00:30",
        }, time);
        using var browser = server.CreateClient();
        var sessionId = await browser.SignUpAsync(NewEmail());
        (await browser.PostAsync($"v1/client/sessions/{sessionId}/end")).EnsureStatus(HttpStatusCode.OK);
        using var feed = new RevocationFeedClient(server);
        var janitor = server.Services.GetRequiredService<RevocationJanitor>();

        var entry = Assert.Single((await feed.ReadAsync()).Data);
        Assert.Equal(time.GetUtcNow().AddSeconds(33).ToUnixTimeMilliseconds(), entry.GetProperty("expires_at").GetInt64());
        // At expires_at + grace the entry is still there; a millisecond later it is gone.
        time.Advance(TimeSpan.FromSeconds(33 + 10) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, await janitor.SweepAsync(CancellationToken.None));
        Assert.Single((await feed.ReadAsync()).Data);
        time.Advance(TimeSpan.FromMilliseconds(2));
        var hidden = (await feed.ReadAsync()).Data;
        var removed = await janitor.SweepAsync(CancellationToken.None);

        Assert.Empty(hidden);
        // The session's entry and the client row its sign-up wrote (same expiry here).
        Assert.Equal(2, removed);
        await using var scope = server.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<LatchkeyDbContext>().Invalidations.AnyAsync(i => i.SubjectId == sessionId));
    }

    [Fact]
    public async Task SignIn_RotatesClientToken_WritesInternalRowThatTheFeedHides()
    {
        await using var server = await LatchkeyTestServer.StartAsync(kind);
        var email = NewEmail();
        using (var signup = server.CreateClient())
        {
            await signup.SignUpAsync(email);
        }

        using var browser = server.CreateClient();
        await browser.SignInAsync(email);
        using var feed = new RevocationFeedClient(server);

        await using var scope = server.Services.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<LatchkeyDbContext>().Invalidations.AsNoTracking().ToListAsync();
        Assert.Contains(rows, r => r.Kind == InvalidationKind.Client);
        Assert.Empty((await feed.ReadAsync()).Data);
    }
}

public sealed class RevocationStoreSqliteTests() : RevocationStoreTests(TestDatabaseKind.Sqlite);

public sealed class RevocationStorePostgresTests() : RevocationStoreTests(TestDatabaseKind.Postgres);
