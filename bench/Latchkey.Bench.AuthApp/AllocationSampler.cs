using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Latchkey.Bench.AuthApp;

/// <summary>
/// Samples this process's allocations by type with the runtime's own allocation ticks (one event
/// per ~100 KB allocated, naming the type of the object that crossed the mark): over a steady
/// loop the counts are proportional to the bytes each type takes. Used by <c>loop ... --allocations</c>.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _ticks = new(StringComparer.Ordinal);
    private volatile bool _enabled;

    public void Start() => _enabled = true;

    public void Stop() => _enabled = false;

    /// <summary>The sampled types, most bytes first, as "share  type".</summary>
    public IEnumerable<string> Report(int top)
    {
        var total = Math.Max(1, _ticks.Values.Sum());
        return _ticks.OrderByDescending(p => p.Value).Take(top).Select(p => $"{100.0 * p.Value / total,6:F1}%  {p.Key}");
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_enabled || e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.PayloadNames is null)
        {
            return;
        }

        var index = e.PayloadNames.IndexOf("TypeName");
        if (index >= 0 && e.Payload![index] is string type)
        {
            _ticks.AddOrUpdate(type, 1, static (_, n) => n + 1);
        }
    }
}
