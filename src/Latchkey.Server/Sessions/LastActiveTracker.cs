using System.Collections.Concurrent;

namespace Latchkey.Server.Sessions;

/// <summary>
/// Collects last-active times in memory so that a token mint writes nothing to the database;
/// <see cref="LastActiveFlusher"/> writes them in batches. A batch being written stays visible
/// through <see cref="Pending"/> until its transaction has committed, so a reader that takes
/// <see cref="Pending"/> before reading the database never sees neither value.
/// </summary>
internal sealed class LastActiveTracker
{
    private static readonly IReadOnlyDictionary<string, DateTimeOffset> None = new Dictionary<string, DateTimeOffset>();
    private ConcurrentDictionary<string, DateTimeOffset> _pending = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, DateTimeOffset> _inFlight = None;

    public void Record(string sessionId, DateTimeOffset at) =>
        _pending.AddOrUpdate(sessionId, at, (_, existing) => existing > at ? existing : at);

    /// <summary>The newest time not yet committed to the database for a session, if any. Read it before the session's state.</summary>
    public DateTimeOffset? Pending(string sessionId)
    {
        DateTimeOffset? result = _pending.TryGetValue(sessionId, out var at) ? at : null;
        if (Volatile.Read(ref _inFlight).TryGetValue(sessionId, out var writing) && (result is null || writing > result))
        {
            result = writing;
        }

        return result;
    }

    /// <summary>Takes everything recorded so far; it stays visible until <see cref="Complete"/> or <see cref="Restore"/>.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> Drain()
    {
        var batch = Interlocked.Exchange(ref _pending, new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal));
        Volatile.Write(ref _inFlight, batch);
        return batch;
    }

    /// <summary>The drained batch has committed (and the session cache carries it).</summary>
    public void Complete() => Volatile.Write(ref _inFlight, None);

    /// <summary>Puts back entries whose write failed (newer recordings win).</summary>
    public void Restore(IReadOnlyDictionary<string, DateTimeOffset> entries)
    {
        foreach (var (id, at) in entries)
        {
            Record(id, at);
        }

        Volatile.Write(ref _inFlight, None);
    }
}
