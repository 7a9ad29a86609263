using Latchkey.Server.Storage;
using Latchkey.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Server.Tests.Instance;

public abstract class StoreJanitorTests(TestDatabaseKind kind)
{
    [Fact]
    public async Task Sweep_RemovesAbandonedAttemptsAndCodesButKeepsUsersAndSessions()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        await using var server = await LatchkeyTestServer.StartAsync(kind, time: time);
        using var browser = server.CreateClient();
        var sessionId = await browser.SignUpAsync($"janitor-{Guid.NewGuid():N}@example.com");
        await browser.PostAsync("v1/client/sign_ins", new Dictionary<string, string> { ["identifier"] = "nobody@example.com", ["password"] = "wrong password" });

        time.Advance(TimeSpan.FromDays(3));
        await server.Services.GetRequiredService<StoreJanitor>().SweepAsync(CancellationToken.None);

        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LatchkeyDbContext>();
        Assert.Equal(0, await db.SignInAttempts.CountAsync());
        Assert.Equal(0, await db.SignUpAttempts.CountAsync());
        Assert.Equal(0, await db.EmailCodes.CountAsync());
        Assert.Equal(0, await db.FailedAttempts.CountAsync());
        Assert.Equal(1, await db.Users.CountAsync());
        Assert.True(await db.Sessions.AnyAsync(s => s.Id == sessionId));
    }

    [Fact]
    public async Task ApiAnswers_CarryNoStoreAndNosniff()
    {
        await using var server = await LatchkeyTestServer.StartAsync(kind);
        using var browser = server.CreateClient();

        var response = await browser.GetAsync("v1/client");

        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }
}

public sealed class StoreJanitorSqliteTests() : StoreJanitorTests(TestDatabaseKind.Sqlite);

public sealed class StoreJanitorPostgresTests() : StoreJanitorTests(TestDatabaseKind.Postgres);
