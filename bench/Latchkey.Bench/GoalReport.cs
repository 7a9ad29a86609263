using System.Globalization;
using BenchmarkDotNet.Reports;

namespace Latchkey.Bench;

/// <summary>Turns a BenchmarkDotNet summary into the issue's goals: one line per goal, exit code 1 when one is missed.</summary>
internal static class GoalReport
{
    /// <summary>Median time (robust against bursts of load from other processes), the 99.9% margin, bytes per operation.</summary>
    private sealed record Measure(double MeanNs, double MarginNs, long AllocatedBytes);

    public static int Evaluate(Summary summary)
    {
        var m = new Dictionary<string, Measure>();
        foreach (BenchmarkReport report in summary.Reports)
        {
            if (report.ResultStatistics is null)
            {
                Console.Error.WriteLine($"bench: {report.BenchmarkCase.Descriptor.WorkloadMethod.Name} produced no result");
                return 1;
            }

            m[report.BenchmarkCase.Descriptor.WorkloadMethod.Name] = new Measure(
                report.ResultStatistics.Median,
                report.ResultStatistics.ConfidenceInterval.Margin,
                report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? -1);
        }

        string[] needed = ["RawRsaVerify", "Verify", "VerifyCached", "MicrosoftValidate", "RejectBadSignature", "RejectExpired", "RejectMalformed", "RawRsaSign", "MintRs256", "RawEcSign", "MintEs256", "ReturnedObjectsOnly"];
        if (needed.Any(n => !m.ContainsKey(n)))
        {
            Console.WriteLine("bench: a filtered run; the goals need every benchmark, so none is judged");
            return 0;
        }

        var lines = new List<(string Goal, string Measured, string Target, bool Ok)>();
        void Ratio(string goal, double value, double target, bool atLeast) =>
            lines.Add((goal, value.ToString("0.00", CultureInfo.InvariantCulture) + "x", (atLeast ? ">= " : "<= ") + target.ToString("0.00", CultureInfo.InvariantCulture) + "x", atLeast ? value >= target : value <= target));

        Ratio("uncached verify throughput / raw RSA.VerifyData", m["RawRsaVerify"].MeanNs / m["Verify"].MeanNs, 0.95, atLeast: true);
        Ratio("cached verify throughput / uncached verify", m["Verify"].MeanNs / m["VerifyCached"].MeanNs, 40, atLeast: true);
        Ratio("RS256 mint throughput / raw RSA.SignData", m["RawRsaSign"].MeanNs / m["MintRs256"].MeanNs, 0.95, atLeast: true);
        Ratio("ES256 mint throughput / raw ECDsa.SignData", m["RawEcSign"].MeanNs / m["MintEs256"].MeanNs, 0.95, atLeast: true);

        // "A rejected token costs no more than an accepted one": the rejected median may not exceed
        // the accepted median by more than the two 99.9% confidence margins together (noise).
        Measure accepted = m["Verify"];
        foreach ((string name, string label) in new[] { ("RejectBadSignature", "bad signature"), ("RejectExpired", "expired"), ("RejectMalformed", "malformed") })
        {
            Measure r = m[name];
            double noise = Math.Sqrt(r.MarginNs * r.MarginNs + accepted.MarginNs * accepted.MarginNs);
            double ratio = r.MeanNs / accepted.MeanNs;
            lines.Add(($"rejected ({label}) cost / accepted cost", ratio.ToString("0.000", CultureInfo.InvariantCulture) + "x",
                "<= 1.00x (+ noise " + (noise / accepted.MeanNs).ToString("0.000", CultureInfo.InvariantCulture) + ")", r.MeanNs <= accepted.MeanNs + noise));
        }

        // "No allocation beyond the claims you return": the uncached verify may allocate what the
        // raw verify allocates plus the returned objects (claims, header, result), nothing else.
        long allowed = m["RawRsaVerify"].AllocatedBytes + m["ReturnedObjectsOnly"].AllocatedBytes;
        lines.Add(("uncached verify allocation (bytes)", m["Verify"].AllocatedBytes.ToString(CultureInfo.InvariantCulture),
            "<= " + allowed + " (raw verify + returned objects)", m["Verify"].AllocatedBytes <= allowed));
        lines.Add(("cached verify allocation (bytes)", m["VerifyCached"].AllocatedBytes.ToString(CultureInfo.InvariantCulture), "== 0", m["VerifyCached"].AllocatedBytes == 0));

        double ms = m["MicrosoftValidate"].MeanNs / m["Verify"].MeanNs;
        Console.WriteLine();
        Console.WriteLine("== Latchkey token goals (ratios; absolute times vary on a shared machine)");
        foreach (var (goal, measured, target, ok) in lines)
        {
            Console.WriteLine($"{(ok ? "PASS" : "MISS")}  {goal,-50} {measured,-10} goal {target}");
        }

        if (m.TryGetValue("RawRsaVerifyBad", out Measure? rawBad))
        {
            Console.WriteLine($"info  raw RSA.VerifyData failing / passing: {(rawBad.MeanNs / m["RawRsaVerify"].MeanNs).ToString("0.000", CultureInfo.InvariantCulture)}x the time");
        }

        Console.WriteLine($"info  Microsoft.IdentityModel validate / Latchkey uncached verify: {ms.ToString("0.00", CultureInfo.InvariantCulture)}x the time");
        int missed = lines.Count(l => !l.Ok);
        Console.WriteLine(missed == 0 ? "bench: every goal met" : $"bench: {missed} goal(s) missed");
        return missed == 0 ? 0 : 1;
    }
}
