using System.Collections.Concurrent;

namespace Latchkey.AspNetCore.Revocation;

/// <summary>
/// The revoked session ids of one instance, each until its last token can no longer verify
/// (the feed's <c>expires_at</c> plus this app's clock skew). Lookups are lock-free and, while
/// the set is empty, a single read. Bounded: past the capacity the entries closest to expiry
/// are dropped first.
/// </summary>
internal sealed class RevokedSessionSet(int capacity, TimeProvider time)
{
    /// <summary>Session ids are prefixed random strings; anything longer is not one.</summary>
    public const int MaxSessionIdLength = 128;

    private readonly ConcurrentDictionary<string, long> _untilMs = new(StringComparer.Ordinal);
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public bool Contains(string sessionId) => Volatile.Read(ref _count) != 0 && _untilMs.ContainsKey(sessionId);

    /// <summary>Adds (or extends) an entry; returns how many entries the capacity bound dropped (0 normally).</summary>
    public int Add(string sessionId, long untilUnixMs)
    {
        if (untilUnixMs <= time.GetUtcNow().ToUnixTimeMilliseconds())
        {
            return 0;
        }

        var added = false;
        _untilMs.AddOrUpdate(sessionId, _ => { added = true; return untilUnixMs; }, (_, existing) => Math.Max(existing, untilUnixMs));
        if (!added)
        {
            return 0;
        }

        if (Interlocked.Increment(ref _count) <= capacity)
        {
            return 0;
        }

        return Trim();
    }

    /// <summary>Removes entries whose tokens have all expired; returns how many.</summary>
    public int Sweep()
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var removed = 0;
        foreach (var (id, until) in _untilMs)
        {
            if (until <= now && _untilMs.TryRemove(new KeyValuePair<string, long>(id, until)))
            {
                Interlocked.Decrement(ref _count);
                removed++;
            }
        }

        return removed;
    }

    /// <summary>Over capacity: sweep, then drop the soonest-expiring tenth.</summary>
    private int Trim()
    {
        Sweep();
        if (Volatile.Read(ref _count) <= capacity)
        {
            return 0;
        }

        var dropped = 0;
        var target = capacity - Math.Max(1, capacity / 10);
        foreach (var (id, until) in _untilMs.OrderBy(e => e.Value).ToList())
        {
            if (Volatile.Read(ref _count) <= target)
            {
                break;
            }

            if (_untilMs.TryRemove(new KeyValuePair<string, long>(id, until)))
            {
                Interlocked.Decrement(ref _count);
                dropped++;
            }
        }

        return dropped;
    }
}
