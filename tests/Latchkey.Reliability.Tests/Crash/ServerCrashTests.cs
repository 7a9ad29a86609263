using System.Diagnostics;
using Latchkey.Reliability.Tests.Infrastructure;

namespace Latchkey.Reliability.Tests.Crash;

/// <summary>
/// Commit before reply: the server process is killed with SIGKILL at random moments while
/// browsers sign up and sign in and an app backend creates users and revokes sessions; after
/// each restart on the same database, every write the server acknowledged is there and nothing
/// half-written is visible.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class ServerCrashTests(ClusterFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public Task ServerKilled_Sqlite_EveryAcknowledgedWriteSurvives() => RunAsync(postgres: false);

    [Fact]
    public Task ServerKilled_Postgres_EveryAcknowledgedWriteSurvives() => RunAsync(postgres: true);

    private async Task RunAsync(bool postgres)
    {
        var kills = RunLength.Pick(3, 25);
        var random = new Random();
        using var folder = new ScratchFolder();
        var connection = postgres ? await fixture.Cluster.CreateDatabaseAsync() : null;
        await using var server = new ServerProcess(folder.Path, connection, AcknowledgedWrites.ServerSettings);
        await server.StartAsync();
        var secretKey = server.SecretKey;
        var load = new AuthLoad(() => server.BaseAddress, () => secretKey, workers: 8);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(stop.Token);
        var restarts = new List<TimeSpan>();

        for (var kill = 0; kill < kills; kill++)
        {
            // A random moment of live load: once the (re)started server has acknowledged a few
            // writes (on a loaded machine a cold process needs seconds for its first answers),
            // then 0 to 1 s later.
            await load.WaitForAcknowledgedAsync(load.Acknowledged, 4, TimeSpan.FromSeconds(20));
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, 1000)));
            server.Kill();
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, 200)));
            restarts.Add(await server.StartAsync());
        }

        await load.WaitForAcknowledgedAsync(load.Acknowledged, 4, TimeSpan.FromSeconds(20));
        await load.WaitForRevocationAsync(TimeSpan.FromSeconds(20));
        await stop.CancelAsync();
        await running;

        var watch = Stopwatch.StartNew();
        var report = await AcknowledgedWrites.CheckAsync(server, load, connection);
        output.WriteLine($"crash ({(postgres ? "PostgreSQL" : "SQLite")}, {RunLength.Name} run): {kills} SIGKILLs under load of 8 workers");
        output.WriteLine(report.ToString());
        output.WriteLine($"restart to first answer: median {Median(restarts).TotalMilliseconds:F0} ms, max {restarts.Max().TotalMilliseconds:F0} ms");
        output.WriteLine($"requests without an answer (in flight at a kill): {load.TransportFailures}; answers: {string.Join(", ", load.Answers.OrderBy(a => a.Key).Select(a => $"{a.Key}: {a.Value}"))}");
        output.WriteLine("transport failures: " + string.Join("; ", load.FailureKinds.OrderByDescending(f => f.Value).Take(5).Select(f => $"{f.Key} x{f.Value}")));
        output.WriteLine($"check took {watch.ElapsedMilliseconds} ms");
        foreach (var problem in report.Problems.Take(20))
        {
            output.WriteLine("PROBLEM " + problem);
        }

        Assert.Empty(report.Problems);
        Assert.Equal(0, load.ServerErrors);
        // The scenario did something: writes were acknowledged between kills, including revocations.
        Assert.True(report.Users >= kills && report.Sessions >= kills && report.Revocations > 0, $"too little load: {report}");
    }

    private static TimeSpan Median(List<TimeSpan> values) => values.Order().ElementAt(values.Count / 2);
}
