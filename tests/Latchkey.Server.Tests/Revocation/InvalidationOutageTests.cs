using System.Diagnostics;
using System.Net;
using Latchkey.Server.Revocation;
using Latchkey.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Latchkey.Server.Tests.Revocation;

/// <summary>
/// An instance that cannot read the invalidation rows must not go on minting from its cache
/// (a revocation through another instance would go unseen): after three poll intervals it
/// stops trusting the cache, and when the database is back it starts clean.
/// </summary>
public sealed class InvalidationOutageTests
{
    [Fact]
    public async Task DatabaseUnreachable_CacheNotServedPastTheTrustWindow_RecoversAfterwards()
    {
        await using var server = await LatchkeyTestServer.StartAsync(TestDatabaseKind.Postgres, new Dictionary<string, string?>
        {
            ["Latchkey:Revocation:PollInterval"] = "00:00:00.100",
        });
        var coherence = server.Services.GetRequiredService<CacheCoherence>();
        using var browser = server.CreateClient();
        var sessionId = await browser.SignUpAsync($"outage-{Guid.NewGuid():N}@example.com");
        await browser.MintAsync(sessionId);
        var database = new NpgsqlConnectionStringBuilder(server.Database.ConnectionString).Database!;

        await SetConnectionsAllowedAsync(server, database, allowed: false);
        try
        {
            var watch = Stopwatch.StartNew();
            while (coherence.IsTrusted && watch.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(10);
            }

            Assert.False(coherence.IsTrusted);
            var duringOutage = await browser.PostAsync($"v1/client/sessions/{sessionId}/tokens");
            Assert.NotEqual(HttpStatusCode.OK, duringOutage.Status);
        }
        finally
        {
            await SetConnectionsAllowedAsync(server, database, allowed: true);
        }

        var recovered = Stopwatch.StartNew();
        while (!coherence.IsTrusted && recovered.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(10);
        }

        Assert.True(coherence.IsTrusted);
        await browser.MintAsync(sessionId);
    }

    private static async Task SetConnectionsAllowedAsync(LatchkeyTestServer server, string database, bool allowed)
    {
        var admin = new NpgsqlConnectionStringBuilder(server.Database.ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using (var alter = new NpgsqlCommand($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS {(allowed ? "true" : "false")}", connection))
        {
            await alter.ExecuteNonQueryAsync();
        }

        if (!allowed)
        {
            await using var kill = new NpgsqlCommand($"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '{database}'", connection);
            await kill.ExecuteScalarAsync();
        }
    }
}
