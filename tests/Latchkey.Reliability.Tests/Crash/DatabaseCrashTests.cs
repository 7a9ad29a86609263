using System.Diagnostics;
using System.Net;
using Latchkey.Reliability.Tests.Infrastructure;

namespace Latchkey.Reliability.Tests.Crash;

/// <summary>
/// PostgreSQL stopped with <c>pg_ctl stop -m immediate</c> (every backend killed, no
/// checkpoint: the next start replays the WAL, as after a crash) at random moments of
/// sign-up, sign-in and revocation load, then started again under the same running server:
/// every write acknowledged before or after is there, nothing half-written is visible, no
/// request meanwhile answered 500, and the server recovers without a restart.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class DatabaseCrashTests(ClusterFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task PostgresStoppedImmediately_UnderLoad_EveryAcknowledgedWriteSurvives()
    {
        var stops = RunLength.Pick(2, 15);
        var random = new Random();
        using var folder = new ScratchFolder();
        var connection = await fixture.Cluster.CreateDatabaseAsync();
        await using var server = new ServerProcess(folder.Path, connection, AcknowledgedWrites.ServerSettings);
        await server.StartAsync();
        var secretKey = server.SecretKey;
        var load = new AuthLoad(() => server.BaseAddress, () => secretKey, workers: 8);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(stop.Token);
        var recoveries = new List<TimeSpan>();
        using var probe = ApiCaller.Backend(server.BaseAddress, secretKey, TimeSpan.FromSeconds(30));

        for (var i = 0; i < stops; i++)
        {
            await load.WaitForAcknowledgedAsync(load.Acknowledged, 4, TimeSpan.FromSeconds(20));
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, 1500)));
            await fixture.Cluster.StopImmediateAsync();
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(200, 1000)));
            await fixture.Cluster.StartAgainAsync();
            var watch = Stopwatch.StartNew();
            while ((await probe.GetAsync("v1/users?limit=1")).Status != HttpStatusCode.OK && watch.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(10);
            }

            recoveries.Add(watch.Elapsed);
        }

        await load.WaitForAcknowledgedAsync(load.Acknowledged, 4, TimeSpan.FromSeconds(20));
        await load.WaitForRevocationAsync(TimeSpan.FromSeconds(20));
        await stop.CancelAsync();
        await running;

        var report = await AcknowledgedWrites.CheckAsync(server, load, connection);
        output.WriteLine($"database crash (PostgreSQL pg_ctl stop -m immediate, {RunLength.Name} run): {stops} stops under load of 8 workers, same server process throughout");
        output.WriteLine(report.ToString());
        output.WriteLine($"recovery after the database accepted connections: median {recoveries.Order().ElementAt(recoveries.Count / 2).TotalMilliseconds:F0} ms, max {recoveries.Max().TotalMilliseconds:F0} ms");
        output.WriteLine($"answers: {string.Join(", ", load.Answers.OrderBy(a => a.Key).Select(a => $"{a.Key}: {a.Value}"))}; without an answer: {load.TransportFailures}");
        foreach (var problem in report.Problems.Take(20))
        {
            output.WriteLine("PROBLEM " + problem);
        }

        Assert.True(server.IsRunning);
        Assert.Empty(report.Problems);
        Assert.Equal(0, load.ServerErrors);
        Assert.True(recoveries.Max() < TimeSpan.FromSeconds(30));
        Assert.True(report.Users >= stops && report.Sessions >= stops && report.Revocations > 0, $"too little load: {report}");
    }
}
