using System.Globalization;
using BenchmarkDotNet.Reports;

namespace Latchkey.Bench;

/// <summary>Turns a BenchmarkDotNet summary into the issue's goals: one line per goal, exit code 1 when one is missed.</summary>
internal static class GoalReport
{
    /// <summary>
    /// The fastest iteration's time per operation (load from other processes only ever adds
    /// time, so the least disturbed iteration is the best estimate of the cost), the median for
    /// reference, and bytes per operation.
    /// </summary>
    private sealed record Measure(double TimeNs, double MedianNs, long AllocatedBytes);

    private static string Time(double ns) => ns >= 1000
        ? (ns / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " µs"
        : ns.ToString("0.0", CultureInfo.InvariantCulture) + " ns";

    public static int Evaluate(IReadOnlyList<Summary> summaries)
    {
        var perRound = new Dictionary<string, List<(double Min, double Median, long Bytes)>>();
        var labels = new Dictionary<string, string>();
        foreach (Summary summary in summaries)
        {
            foreach (BenchmarkReport report in summary.Reports)
            {
                string name = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
                if (report.ResultStatistics is null)
                {
                    Console.Error.WriteLine($"bench: {name} produced no result");
                    return 1;
                }

                labels[name] = report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo;
                (perRound.TryGetValue(name, out var list) ? list : perRound[name] = []).Add((
                    report.ResultStatistics.Min,
                    report.ResultStatistics.Median,
                    report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? -1));
            }
        }

        var m = perRound.ToDictionary(p => p.Key, p => new Measure(
            p.Value.Min(x => x.Min),
            p.Value.Select(x => x.Median).Order().ElementAt(p.Value.Count / 2),
            p.Value.Max(x => x.Bytes)));

        Console.WriteLine();
        Console.WriteLine($"== Merged over {summaries.Count} round(s): fastest iteration, median of the round medians, bytes per operation");
        Console.WriteLine("| Benchmark | Fastest | Median | Allocated |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        foreach ((string name, Measure x) in m)
        {
            Console.WriteLine($"| {labels[name]} | {Time(x.TimeNs)} | {Time(x.MedianNs)} | {x.AllocatedBytes} B |");
        }

        string[] needed = ["RawRsaVerify", "Verify", "VerifyCached", "MicrosoftValidate", "RejectBadSignature", "RejectExpired", "RejectMalformed", "RawRsaSign", "MintRs256", "RawEcSign", "MintEs256", "ReturnedObjectsOnly"];
        if (needed.Any(n => !m.ContainsKey(n)))
        {
            Console.WriteLine("bench: a filtered run; the goals need every benchmark, so none is judged");
            return 0;
        }

        var lines = new List<(string Goal, string Measured, string Target, bool Ok)>();
        // Throughput ratio of a over b = time(b) / time(a); the median ratio is shown for reference.
        void Throughput(string goal, string a, string b, double target)
        {
            double value = m[b].TimeNs / m[a].TimeNs;
            double median = m[b].MedianNs / m[a].MedianNs;
            lines.Add((goal, value.ToString("0.00", CultureInfo.InvariantCulture) + "x",
                ">= " + target.ToString("0.00", CultureInfo.InvariantCulture) + "x   (medians: " + median.ToString("0.00", CultureInfo.InvariantCulture) + "x)", value >= target));
        }

        Throughput("uncached verify throughput / raw RSA.VerifyData", "Verify", "RawRsaVerify", 0.95);
        Throughput("cached verify throughput / uncached verify", "VerifyCached", "Verify", 40);
        Throughput("RS256 mint throughput / raw RSA.SignData", "MintRs256", "RawRsaSign", 0.95);
        Throughput("ES256 mint throughput / raw ECDsa.SignData", "MintEs256", "RawEcSign", 0.95);

        // "A rejected token costs no more than an accepted one", with 2% measurement tolerance.
        Measure accepted = m["Verify"];
        foreach ((string name, string label) in new[] { ("RejectBadSignature", "bad signature"), ("RejectExpired", "expired"), ("RejectMalformed", "malformed") })
        {
            double ratio = m[name].TimeNs / accepted.TimeNs;
            double median = m[name].MedianNs / accepted.MedianNs;
            lines.Add(($"rejected ({label}) cost / accepted cost", ratio.ToString("0.000", CultureInfo.InvariantCulture) + "x",
                "<= 1.00x, 2% tolerance   (medians: " + median.ToString("0.000", CultureInfo.InvariantCulture) + "x)", ratio <= 1.02));
        }

        // "No allocation beyond the claims you return": the uncached verify may allocate what the
        // raw verify allocates plus the returned objects (claims, header, result), nothing else.
        long allowed = m["RawRsaVerify"].AllocatedBytes + m["ReturnedObjectsOnly"].AllocatedBytes;
        // BenchmarkDotNet reports bytes per operation averaged over an iteration: allow 8 bytes of
        // rounding and amortized one-time allocations.
        lines.Add(("uncached verify allocation (bytes)", m["Verify"].AllocatedBytes.ToString(CultureInfo.InvariantCulture),
            "<= " + allowed + " (raw verify + returned objects)", m["Verify"].AllocatedBytes <= allowed + 8));
        lines.Add(("cached verify allocation (bytes)", m["VerifyCached"].AllocatedBytes.ToString(CultureInfo.InvariantCulture), "== 0", m["VerifyCached"].AllocatedBytes == 0));

        double ms = m["MicrosoftValidate"].TimeNs / m["Verify"].TimeNs;
        Console.WriteLine();
        Console.WriteLine("== Latchkey token goals (ratios of each benchmark's fastest iteration; absolute times vary on a shared machine)");
        foreach (var (goal, measured, target, ok) in lines)
        {
            Console.WriteLine($"{(ok ? "PASS" : "MISS")}  {goal,-50} {measured,-10} goal {target}");
        }

        if (m.TryGetValue("RawRsaVerifyBad", out Measure? rawBad))
        {
            Console.WriteLine($"info  raw RSA.VerifyData failing / passing: {(rawBad.TimeNs / m["RawRsaVerify"].TimeNs).ToString("0.000", CultureInfo.InvariantCulture)}x the time");
        }

        Console.WriteLine($"info  Microsoft.IdentityModel validate / Latchkey uncached verify: {ms.ToString("0.00", CultureInfo.InvariantCulture)}x the time");
        int missed = lines.Count(l => !l.Ok);
        Console.WriteLine(missed == 0 ? "bench: every goal met" : $"bench: {missed} goal(s) missed");
        return missed == 0 ? 0 : 1;
    }
}
