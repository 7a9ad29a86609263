using Latchkey.Server.Crypto;
using Latchkey.Server.Sessions;
using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;
using Latchkey.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Server.Tests.Sessions;

public abstract class LastActiveFlusherTests(TestDatabaseKind kind)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Flush_MoreSessionsThanOneStatement_WritesEveryTime()
    {
        await using var server = await LatchkeyTestServer.StartAsync(kind);
        var ids = await AddSessionsAsync(server, LastActiveUpdate.ChunkSize * 2 + 7);
        var untouched = ids[^1];
        var tracker = server.Services.GetRequiredService<LastActiveTracker>();
        var expected = new Dictionary<string, DateTimeOffset>();
        for (var i = 0; i < ids.Count - 1; i++)
        {
            expected[ids[i]] = Start.AddSeconds(i + 1).AddMilliseconds(i % 1000);
            tracker.Record(ids[i], expected[ids[i]]);
        }

        await server.Services.GetRequiredService<LastActiveFlusher>().FlushAsync(CancellationToken.None);

        var stored = await ReadAsync(server);
        foreach (var (id, at) in expected)
        {
            Assert.Equal(at, stored[id]);
        }

        Assert.Equal(Start, stored[untouched]);
        Assert.Null(tracker.Pending(ids[0]));
    }

    [Fact]
    public async Task Flush_OlderThanStored_KeepsTheNewerTime()
    {
        await using var server = await LatchkeyTestServer.StartAsync(kind);
        var ids = await AddSessionsAsync(server, 2);
        var tracker = server.Services.GetRequiredService<LastActiveTracker>();
        tracker.Record(ids[0], Start.AddMinutes(-5));
        tracker.Record(ids[1], Start.AddMinutes(5));

        await server.Services.GetRequiredService<LastActiveFlusher>().FlushAsync(CancellationToken.None);

        var stored = await ReadAsync(server);
        Assert.Equal(Start, stored[ids[0]]);
        Assert.Equal(Start.AddMinutes(5), stored[ids[1]]);
    }

    /// <summary>Sessions of one user on one client, all last active at <see cref="Start"/>.</summary>
    private static async Task<List<string>> AddSessionsAsync(LatchkeyTestServer server, int count)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LatchkeyDbContext>();
        var user = new UserEntity { Id = SecureRandom.Id("user"), CreatedAt = Start, UpdatedAt = Start, Version = Guid.NewGuid() };
        var client = new ClientEntity
        {
            Id = SecureRandom.Id("client"),
            TokenHash = SecureRandom.Hash(SecureRandom.Token()),
            CreatedAt = Start,
            UpdatedAt = Start,
            CookieExpiresAt = Start.AddDays(1),
            Version = Guid.NewGuid(),
        };
        db.Users.Add(user);
        db.Clients.Add(client);
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var session = new SessionEntity
            {
                Id = SecureRandom.Id("sess"),
                ClientId = client.Id,
                UserId = user.Id,
                Status = SessionStatus.Active,
                CreatedAt = Start,
                UpdatedAt = Start,
                LastActiveAt = Start,
                ExpireAt = Start.AddDays(7),
                Version = Guid.NewGuid(),
            };
            db.Sessions.Add(session);
            ids.Add(session.Id);
        }

        await db.SaveChangesAsync();
        return ids;
    }

    private static async Task<Dictionary<string, DateTimeOffset>> ReadAsync(LatchkeyTestServer server)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LatchkeyDbContext>();
        return await db.Sessions.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.LastActiveAt);
    }
}

public sealed class LastActiveFlusherSqliteTests() : LastActiveFlusherTests(TestDatabaseKind.Sqlite);

public sealed class LastActiveFlusherPostgresTests() : LastActiveFlusherTests(TestDatabaseKind.Postgres);
