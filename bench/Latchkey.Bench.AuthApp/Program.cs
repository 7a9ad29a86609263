using System.Globalization;
using Latchkey.Bench.AuthApp;

// The app of bench/run-auth-bench.sh.
//   prepare --dir DIR [--lifetime-minutes N]          mint the key and the session token into DIR
//   serve --mode MODE --dir DIR [--port N] [--url-file F] [--stats F2]   serve GET / in one mode; prints
//                                                     "listening <url>" (and writes the URL to F, atomically);
//                                                     with --stats, each SIGWINCH appends runtime counters to F2
//   micro [BenchmarkDotNet arguments]                 in-process BenchmarkDotNet of the authentication step
//   loop B1[,B2...] SECONDS [--allocations]           runs micro benchmark methods in a loop, interleaved (for perf,
//                                                     and ratios on a busy machine); --allocations samples types
// Modes: open, dictionary, latchkey-cookie, latchkey-bearer, jwtbearer.
if (args.FirstOrDefault() == "micro")
{
    return MicroBenchmarks.Run(args[1..]);
}

if (args.FirstOrDefault() == "loop" && args.Length is 3 or 4)
{
    using var sampler = args.Length == 4 && args[3] == "--allocations" ? new AllocationSampler() : null;
    var results = AuthenticationBenchmarks.Loop(args[1], TimeSpan.FromSeconds(double.Parse(args[2], CultureInfo.InvariantCulture)), sampler);
    foreach (var (name, calls, ns, bytes) in results)
    {
        Console.WriteLine($"{name,-22} {calls,10} calls {ns,9:F0} ns/call {ns / results[0].NsPerCall,6:F3}x first {bytes,6} B/call");
    }

    foreach (var line in sampler?.Report(40) ?? [])
    {
        Console.WriteLine(line);
    }

    return 0;
}

var options = ParseOptions(args.Skip(1).ToArray());
switch (args.FirstOrDefault())
{
    case "prepare":
    {
        var lifetime = TimeSpan.FromMinutes(int.Parse(options.GetValueOrDefault("lifetime-minutes", "120"), CultureInfo.InvariantCulture));
        var material = BenchMaterial.Create(lifetime);
        material.Save(Required(options, "dir"));
        Console.WriteLine($"token for {material.UserId}, valid until {material.ExpiresAt:O}");
        return 0;
    }

    case "serve":
    {
        if (!BenchModes.TryParse(options.GetValueOrDefault("mode"), out var mode))
        {
            Console.Error.WriteLine($"--mode must be one of: {BenchModes.Names}");
            return 2;
        }

        var material = BenchMaterial.Load(Required(options, "dir"));
        var port = int.Parse(options.GetValueOrDefault("port", "0"), CultureInfo.InvariantCulture);
        using var stats = options.TryGetValue("stats", out var statsFile) && !OperatingSystem.IsWindows() ? new RuntimeStats(statsFile) : null;
        await using var app = BenchApp.Build(mode, material, port);
        await app.StartAsync();
        var address = BenchApp.Address(app);
        if (options.TryGetValue("url-file", out var urlFile))
        {
            // Written whole, then renamed: a reader never sees half an address.
            File.WriteAllText(urlFile + ".tmp", address);
            File.Move(urlFile + ".tmp", urlFile, overwrite: true);
        }

        Console.WriteLine("listening " + address);
        await app.WaitForShutdownAsync();
        // The garbage collector's share of the run, for comparing modes (allocation shows in GC
        // time under HTTP load far more than in a tight in-process loop).
        Console.WriteLine(FormattableString.Invariant(
            $"gc: allocated {GC.GetTotalAllocatedBytes()} B, collections {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} (gen0/1/2), pause {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms"));
        return 0;
    }

    default:
        Console.Error.WriteLine("usage: Latchkey.Bench.AuthApp prepare --dir DIR [--lifetime-minutes N]");
        Console.Error.WriteLine($"       Latchkey.Bench.AuthApp serve --mode ({BenchModes.Names}) --dir DIR [--port N] [--url-file F] [--stats F2]");
        Console.Error.WriteLine("       Latchkey.Bench.AuthApp micro [BenchmarkDotNet arguments, e.g. --filter *Latchkey*]");
        return 2;
}

static Dictionary<string, string> ParseOptions(string[] args)
{
    var options = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        if (!args[i].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"expected --name value, got \"{args[i]}\"");
        }

        options[args[i][2..]] = args[i + 1];
    }

    return options;
}

static string Required(Dictionary<string, string> options, string name) =>
    options.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required");
