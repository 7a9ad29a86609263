using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Latchkey.Bench;

// Runs the token benchmarks once (short but statistically sane job: 1 launch, 4 warm-ups,
// 25 measured iterations of ~200 ms, in-process), then judges each goal of the issue from the
// summary (medians) and exits 1 when one is missed. Ratios, not absolute numbers: the machine is
// shared and noisy. Compared benchmarks are declared next to each other so that they run
// back to back under similar load.
Job job = Job.Default
    .WithToolchain(InProcessEmitToolchain.Instance)
    .WithLaunchCount(1)
    .WithWarmupCount(4)
    .WithIterationCount(25)
    .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(200));
IConfig config = DefaultConfig.Instance
    .AddJob(job)
    .AddExporter(JsonExporter.Full)
    .WithOptions(ConfigOptions.DisableOptimizationsValidator)
    .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));

if (args.Length > 0 && args[0] == "revocation")
{
    // The revocation lookup every signed-in request makes when the feed is followed (no goal: figures for docs/revocation.md).
    BenchmarkRunner.Run<RevocationLookupBenchmarks>(config, args[1..]);
    return 0;
}

Summary summary = BenchmarkRunner.Run<TokenBenchmarks>(config, args);
return GoalReport.Evaluate(summary);
