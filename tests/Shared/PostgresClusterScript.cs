using System.Diagnostics;

namespace Latchkey.Tests.Shared;

/// <summary>
/// The repository's shared PostgreSQL for a test process: <c>LATCHKEY_TEST_PG</c> when
/// <c>./test.sh</c> started one; otherwise (a local run of one test project) a throwaway
/// cluster started with <c>scripts/pg-cluster.sh</c> and stopped when the process exits. On CI
/// (<c>CI=true</c>) a missing variable is an error, so the PostgreSQL tests can never be skipped.
/// Linked into the test projects that need it (one source, no shared assembly).
/// </summary>
internal static class PostgresClusterScript
{
    /// <summary>The connection string of the cluster to use.</summary>
    /// <param name="repositoryRoot">The folder holding <c>Latchkey.slnx</c>.</param>
    public static string FindOrStart(string repositoryRoot)
    {
        var configured = Environment.GetEnvironmentVariable("LATCHKEY_TEST_PG");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("LATCHKEY_TEST_PG is not set; CI must run the PostgreSQL tests (test.sh starts the cluster with scripts/pg-cluster.sh).");
        }

        var script = Path.Combine(repositoryRoot, "scripts", "pg-cluster.sh");
        using var start = Process.Start(new ProcessStartInfo(script, "start") { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = start.StandardOutput.ReadToEnd();
        start.WaitForExit();
        if (start.ExitCode != 0)
        {
            throw new InvalidOperationException("Could not start PostgreSQL with scripts/pg-cluster.sh: " + start.StandardError.ReadToEnd());
        }

        string? directory = null, connection = null;
        foreach (var line in output.Split('\n'))
        {
            var value = line.Contains('=') ? line[(line.IndexOf('=') + 1)..].Trim('\'') : null;
            if (line.StartsWith("export LATCHKEY_PG_DIR=", StringComparison.Ordinal))
            {
                directory = value;
            }
            else if (line.StartsWith("export LATCHKEY_TEST_PG=", StringComparison.Ordinal))
            {
                connection = value;
            }
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            Process.Start(new ProcessStartInfo(script, $"stop {directory}") { RedirectStandardError = true })?.WaitForExit();
        return connection ?? throw new InvalidOperationException("scripts/pg-cluster.sh printed no connection string.");
    }
}
