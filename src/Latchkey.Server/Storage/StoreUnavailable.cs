using Microsoft.Data.Sqlite;
using Npgsql;

namespace Latchkey.Server.Storage;

/// <summary>
/// Tells "the database cannot be reached or cannot serve now" (answer 503 with a retry hint:
/// the request had no acknowledged effect and may be repeated) from every other failure (a bug:
/// 500). Looks through the whole chain of inner exceptions, since EF Core wraps provider errors.
/// </summary>
internal static class StoreUnavailable
{
    /// <summary>Whether <paramref name="exception"/> or one of its inner exceptions says the store is unavailable.</summary>
    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg:
                    return IsUnavailable(pg.SqlState);
                // No server answer at all: connection refused or reset, socket or command timeout, broken pool connection.
                case NpgsqlException:
                    return true;
                case SqliteException sqlite:
                    // SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN.
                    return sqlite.SqliteErrorCode is 5 or 6 or 10 or 13 or 14;
                case TimeoutException:
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// SQLSTATE classes 08 (connection exception) and 53 (insufficient resources, e.g. too many
    /// connections), and 57P01-57P03 (administrator or crash shutdown, cannot connect now: the
    /// server is stopping or still recovering).
    /// </summary>
    private static bool IsUnavailable(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal)
        || sqlState.StartsWith("53", StringComparison.Ordinal)
        || sqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow;
}
