using Latchkey.Server.Storage;
using Latchkey.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Server.Tests.Storage;

/// <summary>
/// The SQLite settings docs/reliability.md justifies are the ones the server's connections
/// really run with: WAL journal, <c>synchronous=FULL</c> (fsync at every commit), a busy timeout.
/// </summary>
public sealed class SqliteDurabilityTests
{
    [Fact]
    public async Task ServerConnection_Sqlite_WalWithSynchronousFull()
    {
        await using var server = await LatchkeyTestServer.StartAsync(TestDatabaseKind.Sqlite);
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LatchkeyDbContext>();
        await db.Database.OpenConnectionAsync();
        try
        {
            Assert.Equal("wal", await PragmaAsync(db, "journal_mode"));
            // 2 = FULL: the WAL is fsynced at every commit, so an acknowledged write survives power loss.
            Assert.Equal("2", await PragmaAsync(db, "synchronous"));
            Assert.Equal("5000", await PragmaAsync(db, "busy_timeout"));
            Assert.Equal("1", await PragmaAsync(db, "foreign_keys"));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<string?> PragmaAsync(LatchkeyDbContext db, string name)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA " + name;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
