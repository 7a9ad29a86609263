namespace Latchkey.Server.Tests.Infrastructure;

/// <summary>The database providers every integration suite runs on.</summary>
public enum TestDatabaseKind
{
    Sqlite,
    Postgres,
}
