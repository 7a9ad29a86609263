namespace Latchkey.Load.Tests.Driver;

/// <summary>One reporting slice of a soak: token-refresh latency and the server process's state.</summary>
/// <param name="Start">Seconds into the steady phase.</param>
/// <param name="Refreshes">Successful token refreshes issued in the slice.</param>
/// <param name="P50">Median refresh latency, ms.</param>
/// <param name="P99">99th percentile refresh latency, ms.</param>
/// <param name="RssMegabytes">Mean RSS over the slice's samples.</param>
/// <param name="GcHeapMinMegabytes">Lowest GC heap seen in the slice (the live heap after a collection, near enough).</param>
/// <param name="Handles">Mean open file descriptors.</param>
/// <param name="Threads">Mean threads.</param>
/// <param name="Sockets">Mean open sockets (part of <paramref name="Handles"/>).</param>
/// <param name="Modules">Mean open assemblies and native libraries (part of <paramref name="Handles"/>).</param>
public sealed record SoakSlice(double Start, int Refreshes, double P50, double P99, double RssMegabytes, double GcHeapMinMegabytes, double Handles, double Threads, double Sockets, double Modules)
{
    public static IReadOnlyList<SoakSlice> From(IEnumerable<(int Slice, double Milliseconds)> latencies, IReadOnlyList<ProcessSample> samples, SoakSettings settings)
    {
        var bySlice = latencies.GroupBy(l => l.Slice).ToDictionary(g => g.Key, g => g.Select(l => l.Milliseconds).ToArray());
        var count = (int)Math.Ceiling(settings.Duration / settings.Slice);
        var slices = new List<SoakSlice>();
        for (var i = 0; i < count; i++)
        {
            var from = i * settings.Slice.TotalSeconds;
            var to = from + settings.Slice.TotalSeconds;
            var inSlice = samples.Where(s => s.Seconds >= from && s.Seconds < to).ToArray();
            var values = bySlice.GetValueOrDefault(i, []);
            var heaps = inSlice.Select(s => s.GcHeapMegabytes).Where(h => !double.IsNaN(h)).ToArray();
            slices.Add(new SoakSlice(
                from,
                values.Length,
                Statistics.Percentile(values, 50),
                Statistics.Percentile(values, 99),
                inSlice.Length == 0 ? double.NaN : inSlice.Average(s => s.RssMegabytes),
                heaps.Length == 0 ? double.NaN : heaps.Min(),
                inSlice.Length == 0 ? double.NaN : inSlice.Average(s => s.Handles),
                inSlice.Length == 0 ? double.NaN : inSlice.Average(s => s.Threads),
                inSlice.Length == 0 ? double.NaN : inSlice.Average(s => s.Sockets),
                inSlice.Length == 0 ? double.NaN : inSlice.Average(s => s.Modules)));
        }

        return slices;
    }
}
