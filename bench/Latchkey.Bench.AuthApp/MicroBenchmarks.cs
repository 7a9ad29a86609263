using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Latchkey.Bench.AuthApp;

/// <summary>
/// Runs <see cref="AuthenticationBenchmarks"/> with a short, statistically sane in-process job
/// (1 launch, 4 warm-ups, 20 measured iterations of ~200 ms): the "micro" command.
/// </summary>
internal static class MicroBenchmarks
{
    public static int Run(string[] args)
    {
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(4)
            .WithIterationCount(20)
            .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(200));
        var config = DefaultConfig.Instance
            .AddJob(job)
            .WithOptions(ConfigOptions.DisableOptimizationsValidator)
            .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));
        var summary = BenchmarkRunner.Run<AuthenticationBenchmarks>(config, args);
        return summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success) ? 1 : 0;
    }
}
