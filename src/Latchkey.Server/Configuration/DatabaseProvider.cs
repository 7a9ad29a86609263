namespace Latchkey.Server.Configuration;

/// <summary>The database engine behind the server's store.</summary>
public enum DatabaseProvider
{
    /// <summary>An embedded SQLite file (the default; one server process).</summary>
    Sqlite = 0,

    /// <summary>PostgreSQL (production and several server processes on one database).</summary>
    PostgreSql = 1,
}
