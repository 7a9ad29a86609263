using Latchkey.Server.Configuration;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Revocation;

/// <summary>
/// What the in-memory caches (sessions, client identities) need to stay coherent with the
/// database across instances: an epoch that every invalidation bumps, so that a value read
/// from the database before an invalidation is never stored after it; and the start of the
/// last successful read of invalidation rows, so that an instance which cannot read them
/// (database unreachable, listener stalled) stops trusting its caches after
/// <see cref="RevocationOptions.CacheTrustWindow"/>.
/// </summary>
internal sealed class CacheCoherence(IOptions<LatchkeyServerOptions> options, TimeProvider time)
{
    private long _epoch;
    private long _lastSyncTicks = long.MinValue;

    /// <summary>Changes on every invalidation; compare before and after a database read.</summary>
    public long Epoch => Interlocked.Read(ref _epoch);

    /// <summary>Whether cached values may be served now.</summary>
    public bool IsTrusted
    {
        get
        {
            var last = Interlocked.Read(ref _lastSyncTicks);
            return last != long.MinValue && time.GetUtcNow().UtcTicks - last <= options.Value.Revocation.CacheTrustWindow.Ticks;
        }
    }

    /// <summary>
    /// Whether cached values may be served although the database cannot be read: only with
    /// <see cref="RevocationOptions.DatabaseOutageGrace"/> set, and only until the last
    /// successful read of invalidation rows is older than <see cref="RevocationOptions.CacheServeBound"/>.
    /// </summary>
    public bool IsWithinOutageGrace
    {
        get
        {
            var revocation = options.Value.Revocation;
            var last = Interlocked.Read(ref _lastSyncTicks);
            return revocation.DatabaseOutageGrace > TimeSpan.Zero
                && last != long.MinValue
                && time.GetUtcNow().UtcTicks - last <= revocation.CacheServeBound.Ticks;
        }
    }

    /// <summary>How long entries are kept in memory: the cache duration, plus the outage grace (so that there is something to serve through an outage).</summary>
    public TimeSpan RetentionFor(TimeSpan cacheDuration) => cacheDuration + options.Value.Revocation.DatabaseOutageGrace;

    /// <summary>Marks that every invalidation committed before <paramref name="startedAt"/> has been applied.</summary>
    public void Synced(DateTimeOffset startedAt)
    {
        var ticks = startedAt.UtcTicks;
        long current;
        do
        {
            current = Interlocked.Read(ref _lastSyncTicks);
            if (current != long.MinValue && current >= ticks)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _lastSyncTicks, ticks, current) != current);
    }

    /// <summary>Called by every cache invalidation.</summary>
    public void Invalidated() => Interlocked.Increment(ref _epoch);
}
