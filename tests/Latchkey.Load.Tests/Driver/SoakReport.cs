using System.Globalization;
using System.Text;

namespace Latchkey.Load.Tests.Driver;

/// <summary>
/// What a soak measured and its verdict. Flatness is judged on the samples after the first
/// 30 % of the steady phase (JIT tiering, pools and caches fill first): the least-squares growth
/// over that window must stay under a bound per resource (<see cref="Bounds"/>).
/// </summary>
public sealed record SoakReport(
    string Provider,
    SoakSettings Settings,
    double SeedSeconds,
    double Capacity,
    double TargetRate,
    double IssuedRate,
    long Issued,
    long Shed,
    IReadOnlyDictionary<string, int> Counts,
    long Unexpected,
    IReadOnlyList<string> UnexpectedSamples,
    IReadOnlyList<SoakSlice> Slices,
    IReadOnlyList<ProcessSample> Samples,
    string? CounterError)
{
    /// <summary>Allowed growth over the judged window: absolute floor and fraction of the mean, whichever is larger.</summary>
    public static readonly IReadOnlyDictionary<string, (double Floor, double Fraction)> Bounds = new Dictionary<string, (double, double)>
    {
        ["RSS MB"] = (32, 0.10),
        ["GC heap MB"] = (16, 0.20),
        ["other handles"] = (16, 0.10),
        ["threads"] = (8, 0.20),
    };

    /// <summary>Growth per resource over the judged window: (mean, predicted growth, allowed growth).</summary>
    public IReadOnlyDictionary<string, (double Mean, double Growth, double Allowed)> Trends
    {
        get
        {
            var from = Settings.Duration.TotalSeconds * 0.3;
            var judged = Samples.Where(s => s.Seconds >= from).ToArray();
            var result = new Dictionary<string, (double, double, double)>();
            void Add(string name, IReadOnlyList<(double X, double Y)> points)
            {
                var (_, growth, mean) = Statistics.Trend(points);
                var (floor, fraction) = Bounds[name];
                result[name] = (mean, growth, Math.Max(floor, fraction * mean));
            }

            Add("RSS MB", judged.Select(s => (s.Seconds, s.RssMegabytes)).ToArray());
            // Sockets follow the connections the driver holds open (bounded, checked separately);
            // modules (.dll, .so) are bounded by the deployment; every other descriptor must stay flat.
            Add("other handles", judged.Select(s => (s.Seconds, (double)s.OtherHandles)).ToArray());
            Add("threads", judged.Select(s => (s.Seconds, (double)s.Threads)).ToArray());
            // The GC heap saw-tooths between collections: fit the lowest value of each slice.
            Add("GC heap MB", Slices.Where(s => s.Start >= from && !double.IsNaN(s.GcHeapMinMegabytes)).Select(s => (s.Start, s.GcHeapMinMegabytes)).ToArray());
            return result;
        }
    }

    /// <summary>The share of the planned ticks (<see cref="Issued"/>) the driver shed because <see cref="SoakSettings.MaxInFlight"/> requests were in flight.</summary>
    public double ShedShare => Issued <= 0 ? 0 : (double)Shed / Issued;

    /// <summary>Whether the run judges the shed share (<see cref="SoakSettings.MaxShedShare"/>) and it exceeds the bound.</summary>
    public bool ShedTooHigh => Settings.MaxShedShare is { } maxShed && ShedShare > maxShed;

    /// <summary>Sockets beyond the driver's connections the server may hold: listener, database pool, notification listener.</summary>
    public const int SocketAllowance = 120;

    /// <summary>The most connections the driver can hold open at once.</summary>
    public int MaxDriverConnections => Settings.Addresses * SoakRun.ConnectionsPerAddress;

    /// <summary>Every failed check, in words; empty when the soak passed.</summary>
    public IReadOnlyList<string> Failures
    {
        get
        {
            var failures = new List<string>();
            if (Unexpected > 0)
            {
                failures.Add($"{Unexpected} unexpected errors, e.g. {string.Join("; ", UnexpectedSamples.Take(5))}");
            }

            var maxSockets = Samples.Count == 0 ? 0 : Samples.Max(s => s.Sockets);
            if (maxSockets > MaxDriverConnections + SocketAllowance)
            {
                failures.Add($"{maxSockets} sockets open in the server, more than the driver's {MaxDriverConnections} connections + {SocketAllowance}");
            }

            if (CounterError is not null)
            {
                failures.Add("GC heap counters unavailable: " + CounterError);
            }

            if (ShedTooHigh)
            {
                failures.Add($"the driver shed {ShedShare:P1} of the planned ticks ({Shed} of {Issued}), more than {Settings.MaxShedShare:P0}: the server did not sustain the planned rate");
            }

            if (Slices.Any(s => s.Refreshes == 0))
            {
                failures.Add("a slice without a single successful refresh");
            }

            foreach (var (name, (mean, growth, allowed)) in Trends)
            {
                if (double.IsNaN(mean) || growth > allowed)
                {
                    failures.Add($"{name} grows: {growth:F1} over the judged window (mean {mean:F1}, allowed {allowed:F1})");
                }
            }

            return failures;
        }
    }

    public string ToMarkdown()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"### Soak on {Provider} ({Settings.Duration.TotalSeconds:F0} s steady phase)");
        text.AppendLine();
        text.AppendLine(c, $"- clients: {Settings.Clients} browsers (own `__client` each) of {Settings.Users} users over {Settings.Addresses} source addresses; seeded in {SeedSeconds:F1} s");
        text.AppendLine(c, $"- capacity (closed loop, 32 workers, {Settings.CapacityProbe.TotalSeconds:F0} s): {Capacity:F0} refreshes/s; steady rate {TargetRate:F0} ticks/s ({Settings.RateFraction:P0}); ticks due {IssuedRate:F0}/s, of which shed by the driver because {Settings.MaxInFlight} requests were already in flight: {Shed} of {Issued} ({ShedShare:P1}; {(Settings.MaxShedShare is { } maxShed ? $"bound {maxShed:P0}" : "not judged in the short run")}); the rest were sent");
        text.AppendLine(c, $"- operations: {string.Join(", ", Counts.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value}"))}");
        text.AppendLine(c, $"- unexpected errors: {Unexpected}{(UnexpectedSamples.Count > 0 ? " (" + string.Join("; ", UnexpectedSamples.Take(5)) + ")" : string.Empty)}");
        text.AppendLine();
        text.AppendLine("| t (s) | refreshes | p50 ms | p99 ms | RSS MB | GC heap MB (min) | handles | sockets | modules | other | threads |");
        text.AppendLine("| -: | -: | -: | -: | -: | -: | -: | -: | -: | -: | -: |");
        foreach (var s in Slices)
        {
            text.AppendLine(c, $"| {s.Start:F0} | {s.Refreshes} | {s.P50:F1} | {s.P99:F1} | {s.RssMegabytes:F0} | {s.GcHeapMinMegabytes:F1} | {s.Handles:F0} | {s.Sockets:F0} | {s.Modules:F0} | {s.Handles - s.Sockets - s.Modules:F0} | {s.Threads:F0} |");
        }

        text.AppendLine();
        text.AppendLine(c, $"Sockets: at most {(Samples.Count == 0 ? 0 : Samples.Max(s => s.Sockets))} (the driver holds at most {MaxDriverConnections} connections).");
        text.AppendLine();
        text.AppendLine("Trend over the judged window (after the first 30 %): least-squares growth vs allowed");
        text.AppendLine();
        foreach (var (name, (mean, growth, allowed)) in Trends)
        {
            text.AppendLine(c, $"- {name}: mean {mean:F1}, growth {growth:+0.0;-0.0}, allowed {allowed:F1} → {(growth <= allowed ? "flat" : "GROWS")}");
        }

        var failures = Failures;
        text.AppendLine();
        text.AppendLine(failures.Count == 0 ? "Verdict: PASS" : "Verdict: FAIL: " + string.Join(" | ", failures));
        return text.ToString();
    }
}
