using System.Collections.Concurrent;

namespace Latchkey.Server.Sessions;

/// <summary>
/// Collects last-active times in memory so that a token mint writes nothing to the database;
/// <see cref="LastActiveFlusher"/> writes them in batches. An entry stays pending until its write
/// has committed, so a mint that reads the session while a flush is under way still sees it.
/// </summary>
internal sealed class LastActiveTracker
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _pending = new(StringComparer.Ordinal);

    // Static callbacks with the time as argument: no closure allocated per mint.
    public void Record(string sessionId, DateTimeOffset at) =>
        _pending.AddOrUpdate(sessionId, static (_, at) => at, static (_, existing, at) => existing > at ? existing : at, at);

    /// <summary>The newest unflushed time for a session, if any.</summary>
    public DateTimeOffset? Pending(string sessionId) => _pending.TryGetValue(sessionId, out var at) ? at : null;

    /// <summary>A copy of everything recorded and not yet written.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> Snapshot() => new Dictionary<string, DateTimeOffset>(_pending, StringComparer.Ordinal);

    /// <summary>Forgets entries whose write committed, unless a newer time was recorded meanwhile.</summary>
    public void Acknowledge(IReadOnlyDictionary<string, DateTimeOffset> written)
    {
        foreach (var entry in written)
        {
            _pending.TryRemove(entry);
        }
    }
}
