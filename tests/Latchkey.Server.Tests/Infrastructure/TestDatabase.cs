using System.Diagnostics;
using Npgsql;

namespace Latchkey.Server.Tests.Infrastructure;

/// <summary>
/// A fresh, empty database for one test class: a SQLite file in a temporary folder, or a new
/// database on the PostgreSQL cluster named by <c>LATCHKEY_TEST_PG</c> (test.sh starts it).
/// Missing PostgreSQL fails the tests in CI; locally the cluster is started on demand.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private static readonly Lazy<string> PostgresAdmin = new(FindOrStartCluster);
    private readonly string? _postgresName;

    private TestDatabase(TestDatabaseKind kind, string dataFolder, string? connectionString, string? postgresName)
    {
        Kind = kind;
        DataFolder = dataFolder;
        ConnectionString = connectionString;
        _postgresName = postgresName;
    }

    public TestDatabaseKind Kind { get; }

    /// <summary>The server's data folder (SQLite file, key file, KEK).</summary>
    public string DataFolder { get; }

    /// <summary>The PostgreSQL connection string; null for SQLite (the default file in the data folder).</summary>
    public string? ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(TestDatabaseKind kind)
    {
        var folder = Path.Combine(Path.GetTempPath(), "latchkey-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        if (kind == TestDatabaseKind.Sqlite)
        {
            return new TestDatabase(kind, folder, null, null);
        }

        var name = "lk_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(PostgresAdmin.Value))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(PostgresAdmin.Value) { Database = name };
        return new TestDatabase(kind, folder, builder.ConnectionString, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(PostgresAdmin.Value);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }

        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string FindOrStartCluster() => Latchkey.Tests.Shared.PostgresClusterScript.FindOrStart(RepositoryRoot());

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Latchkey.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}
