using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Latchkey.Server.Storage;

/// <summary>
/// Sets per-connection SQLite pragmas. The database runs in WAL mode (set once, persistent);
/// <c>synchronous=FULL</c> makes WAL fsync at every commit, so a write the server has
/// acknowledged survives a power loss, not only a process crash (<c>NORMAL</c> would only
/// promise the latter). The cost is one fsync per write transaction, which sign-ins and
/// sign-outs can afford; token mints write nothing. <c>busy_timeout</c> lets concurrent
/// writers queue instead of failing with SQLITE_BUSY.
/// </summary>
internal sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
