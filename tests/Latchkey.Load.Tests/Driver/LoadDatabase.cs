using System.Diagnostics;
using Npgsql;

namespace Latchkey.Load.Tests.Driver;

/// <summary>The database providers a load run covers.</summary>
public enum LoadProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// A fresh database for one server (or a pair on one PostgreSQL database): a data folder (SQLite
/// file, key file, KEK) and, for PostgreSQL, a new database on the cluster named by
/// <c>LATCHKEY_TEST_PG</c> (test.sh starts it; a local run starts one with scripts/pg-cluster.sh).
/// </summary>
public sealed class LoadDatabase : IAsyncDisposable
{
    private static readonly Lazy<string> PostgresAdmin = new(FindOrStartCluster);
    private readonly string? _postgresName;
    private readonly List<string> _folders = [];

    private LoadDatabase(LoadProvider provider, string dataFolder, string? connectionString, string? postgresName)
    {
        Provider = provider;
        DataFolder = dataFolder;
        ConnectionString = connectionString;
        _postgresName = postgresName;
        _folders.Add(dataFolder);
    }

    public LoadProvider Provider { get; }

    /// <summary>The first server's data folder.</summary>
    public string DataFolder { get; }

    /// <summary>PostgreSQL connection string; null on SQLite.</summary>
    public string? ConnectionString { get; }

    public static async Task<LoadDatabase> CreateAsync(LoadProvider provider)
    {
        var folder = NewFolder();
        if (provider == LoadProvider.Sqlite)
        {
            return new LoadDatabase(provider, folder, null, null);
        }

        var name = "lkload_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(PostgresAdmin.Value))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(PostgresAdmin.Value) { Database = name, MaxPoolSize = 50 };
        return new LoadDatabase(provider, folder, builder.ConnectionString, name);
    }

    /// <summary>A second data folder (a second instance on the same PostgreSQL database shares the KEK).</summary>
    public string NewSiblingFolder()
    {
        var folder = NewFolder();
        _folders.Add(folder);
        var kek = Path.Combine(DataFolder, "latchkey.kek");
        if (File.Exists(kek))
        {
            File.Copy(kek, Path.Combine(folder, "latchkey.kek"));
            File.SetUnixFileMode(Path.Combine(folder, "latchkey.kek"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return folder;
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

        foreach (var folder in _folders)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "latchkey-load", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return folder;
    }

    private static string FindOrStartCluster() => Latchkey.Tests.Shared.PostgresClusterScript.FindOrStart(ServerProcess.RepositoryRoot());
}
