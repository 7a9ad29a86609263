using System.Collections.Concurrent;

namespace Latchkey.Server.Sessions;

/// <summary>
/// Collects last-active times in memory so that a token mint writes nothing to the database;
/// <see cref="LastActiveFlusher"/> writes them in batches.
/// </summary>
internal sealed class LastActiveTracker
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _pending = new(StringComparer.Ordinal);

    public void Record(string sessionId, DateTimeOffset at) =>
        _pending.AddOrUpdate(sessionId, at, (_, existing) => existing > at ? existing : at);

    /// <summary>The newest unflushed time for a session, if any.</summary>
    public DateTimeOffset? Pending(string sessionId) => _pending.TryGetValue(sessionId, out var at) ? at : null;

    /// <summary>
    /// Everything recorded so far. The entries stay (and keep answering <see cref="Pending"/>)
    /// until <see cref="Acknowledge"/> says they are stored: a mint that reads the session
    /// from the database while a flush is under way still sees the newest time.
    /// </summary>
    public KeyValuePair<string, DateTimeOffset>[] Snapshot() => _pending.ToArray();

    /// <summary>Forgets entries now stored, unless a newer time was recorded meanwhile.</summary>
    public void Acknowledge(IEnumerable<KeyValuePair<string, DateTimeOffset>> stored)
    {
        foreach (var entry in stored)
        {
            _pending.TryRemove(entry);
        }
    }
}
