using System.Diagnostics;
using Npgsql;

namespace Latchkey.Reliability.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL cluster of this test process alone (scripts/pg-cluster.sh), so that stopping it
/// with <c>pg_ctl stop -m immediate</c> (no checkpoint, like a crash) never disturbs the
/// suites that share the repository's cluster. Databases are created on it per scenario.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private const string PgBin = "/usr/lib/postgresql/15/bin";

    private PostgresCluster(string directory, int port, string adminConnectionString)
    {
        ClusterDirectory = directory;
        Port = port;
        AdminConnectionString = adminConnectionString;
    }

    public string ClusterDirectory { get; }

    public int Port { get; }

    public string AdminConnectionString { get; }

    public static async Task<PostgresCluster> StartAsync()
    {
        var script = Path.Combine(ServerProcess.RepositoryRoot(), "scripts", "pg-cluster.sh");
        var info = new ProcessStartInfo(script, "start") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment.Remove("LATCHKEY_PG_PORT");
        var (code, output, error) = await RunAsync(info);
        if (code != 0)
        {
            throw new InvalidOperationException("scripts/pg-cluster.sh start failed: " + error);
        }

        string? directory = null, port = null, connection = null;
        foreach (var line in output.Split('\n'))
        {
            var value = line.Contains('=') ? line[(line.IndexOf('=') + 1)..].Trim('\'') : null;
            if (line.StartsWith("export LATCHKEY_PG_DIR=", StringComparison.Ordinal))
            {
                directory = value;
            }
            else if (line.StartsWith("export LATCHKEY_PG_PORT=", StringComparison.Ordinal))
            {
                port = value;
            }
            else if (line.StartsWith("export LATCHKEY_TEST_PG=", StringComparison.Ordinal))
            {
                connection = value;
            }
        }

        return new PostgresCluster(directory!, int.Parse(port!, System.Globalization.CultureInfo.InvariantCulture), connection!);
    }

    /// <summary>Creates an empty database; returns its connection string (pooled, like a deployment).</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "lk_" + Guid.NewGuid().ToString("N");
        // Unpooled: the cluster is stopped and started under this process, which breaks pooled connections.
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(AdminConnectionString) { Pooling = false }.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary><c>pg_ctl stop -m immediate</c>: every backend is killed, nothing is checkpointed; recovery replays the WAL at the next start.</summary>
    public Task StopImmediateAsync() => PgCtlAsync("-D", Path.Combine(ClusterDirectory, "data"), "-m", "immediate", "-w", "stop");

    /// <summary>Starts the cluster again on the same port and waits until it accepts connections (after crash recovery).</summary>
    public Task StartAgainAsync() => PgCtlAsync(
        "-D", Path.Combine(ClusterDirectory, "data"), "-l", Path.Combine(ClusterDirectory, "server.log"), "-w", "-t", "60",
        "-o", $"-k {ClusterDirectory} -c listen_addresses=127.0.0.1 -p {Port} -c max_connections=300 -c shared_buffers=128MB", "start");

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        var script = Path.Combine(ServerProcess.RepositoryRoot(), "scripts", "pg-cluster.sh");
        await RunAsync(new ProcessStartInfo(script, $"stop {ClusterDirectory}") { RedirectStandardOutput = true, RedirectStandardError = true });
    }

    private static async Task PgCtlAsync(params string[] arguments)
    {
        // As scripts/pg-cluster.sh does: pg_ctl refuses root, so root runs it as the postgres user.
        var asRoot = Environment.UserName == "root";
        var info = new ProcessStartInfo(asRoot ? "runuser" : Path.Combine(PgBin, "pg_ctl")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (asRoot ? new[] { "-u", "postgres", "--", Path.Combine(PgBin, "pg_ctl") } : []).Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        var (code, output, error) = await RunAsync(info);
        if (code != 0)
        {
            throw new InvalidOperationException($"pg_ctl {string.Join(' ', arguments)} failed ({code}): {output} {error}");
        }
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(ProcessStartInfo info)
    {
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
