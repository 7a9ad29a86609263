using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Latchkey.Server.Storage;

/// <summary>Tells a write that lost a race (retry or 409) from a genuine failure (a bug: 500).</summary>
internal static class StoreConflicts
{
    /// <summary>A concurrency-token mismatch, or a unique index refusing a row another request inserted first.</summary>
    public static bool IsConflict(DbUpdateException exception) =>
        exception is DbUpdateConcurrencyException || exception.InnerException switch
        {
            PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
            // SQLITE_CONSTRAINT_UNIQUE (2067) and SQLITE_CONSTRAINT_PRIMARYKEY (1555).
            SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555,
            _ => false,
        };
}
