using System.Collections.Concurrent;

namespace Latchkey.Server.Sessions;

/// <summary>
/// Collects last-active times in memory so that a token mint writes nothing to the database;
/// <see cref="LastActiveFlusher"/> writes them in batches.
/// </summary>
internal sealed class LastActiveTracker
{
    private ConcurrentDictionary<string, DateTimeOffset> _pending = new(StringComparer.Ordinal);

    public void Record(string sessionId, DateTimeOffset at) =>
        _pending.AddOrUpdate(sessionId, at, (_, existing) => existing > at ? existing : at);

    /// <summary>The newest unflushed time for a session, if any.</summary>
    public DateTimeOffset? Pending(string sessionId) => _pending.TryGetValue(sessionId, out var at) ? at : null;

    /// <summary>Takes everything recorded so far.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> Drain() =>
        Interlocked.Exchange(ref _pending, new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal));

    /// <summary>Puts back entries whose write failed (newer recordings win).</summary>
    public void Restore(IReadOnlyDictionary<string, DateTimeOffset> entries)
    {
        foreach (var (id, at) in entries)
        {
            Record(id, at);
        }
    }
}
