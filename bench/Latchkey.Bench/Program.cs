using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Latchkey.Bench;

// Runs the token benchmarks in 3 rounds (LATCHKEY_BENCH_ROUNDS), each a short but statistically
// sane job (1 launch, 4 warm-ups, 20 measured iterations of ~100 ms, in-process), then judges each goal of the issue from the
// summary (each benchmark's fastest iteration, the one least disturbed by other processes)
// and exits 1 when one is missed. Ratios, not absolute numbers: the machine is
// shared and noisy. Compared benchmarks are declared next to each other so that they run
// back to back under similar load.
Job job = Job.Default
    .WithToolchain(InProcessEmitToolchain.Instance)
    .WithLaunchCount(1)
    .WithWarmupCount(4)
    .WithIterationCount(20)
    .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(100));
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

if (args.Length > 0 && args[0] == "loop")
{
    // Runs one token benchmark method steadily for a profiler: 'loop METHOD [SECONDS]', e.g.
    // DOTNET_PerfMapEnabled=1 perf record -g dotnet Latchkey.Bench.dll loop Verify 10
    var bench = new TokenBenchmarks();
    bench.Setup();
    System.Reflection.MethodInfo method = typeof(TokenBenchmarks).GetMethod(args[1])
        ?? throw new ArgumentException("no benchmark method " + args[1]);
    Func<object> run;
    if (method.ReturnType == typeof(bool))
    {
        Func<bool> test = method.CreateDelegate<Func<bool>>(bench);
        run = () => test();
    }
    else if (method.ReturnType == typeof(int))
    {
        Func<int> measure = method.CreateDelegate<Func<int>>(bench);
        run = () => measure();
    }
    else
    {
        run = method.CreateDelegate<Func<object>>(bench);
    }

    var until = DateTime.UtcNow.AddSeconds(args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10);
    long count = 0;
    while (DateTime.UtcNow < until)
    {
        for (int i = 0; i < 1000; i++)
        {
            run();
        }

        count += 1000;
    }

    Console.WriteLine($"loop: {count} calls of {args[1]}");
    return 0;
}

// Several rounds over all benchmarks: a stretch of load from other processes then hits only
// one round of a pair, and each benchmark keeps its fastest iteration across rounds.
int rounds = int.TryParse(Environment.GetEnvironmentVariable("LATCHKEY_BENCH_ROUNDS"), out int r) && r > 0 ? r : 3;
var summaries = new List<Summary>();
for (int i = 0; i < rounds; i++)
{
    Console.WriteLine($"== round {i + 1} of {rounds}");
    summaries.Add(BenchmarkRunner.Run<TokenBenchmarks>(config, args));
}

return GoalReport.Evaluate(summaries);
