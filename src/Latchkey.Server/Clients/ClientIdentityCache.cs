using System.Collections.Concurrent;
using Latchkey.Server.Configuration;
using Latchkey.Server.Revocation;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Clients;

/// <summary>
/// Maps hashes of <c>__client</c> and dev-browser tokens to client ids for the mint path, for
/// at most <see cref="LatchkeyServerOptions.SessionCacheDuration"/>. Rotation and destruction
/// through any instance invalidate on every instance (client invalidation rows, followed by
/// the <see cref="InvalidationListener"/>); entries are served only while it is current.
/// </summary>
internal sealed class ClientIdentityCache(CacheCoherence coherence, IOptions<LatchkeyServerOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (string ClientId, DateTimeOffset LoadedAt)> _entries = new(StringComparer.Ordinal);

    /// <summary>Read it before a database lookup and pass it to <see cref="Set"/>.</summary>
    public long Epoch => coherence.Epoch;

    public bool TryGet(byte[] tokenHash, out string clientId)
    {
        if (_entries.TryGetValue(Convert.ToHexString(tokenHash), out var entry)
            && time.GetUtcNow() - entry.LoadedAt < options.Value.SessionCacheDuration
            && coherence.IsTrusted)
        {
            clientId = entry.ClientId;
            return true;
        }

        clientId = string.Empty;
        return false;
    }

    /// <summary>
    /// The database cannot be read: the entry in memory, whatever its age, while
    /// <see cref="CacheCoherence.IsWithinOutageGrace"/> holds (see <see cref="RevocationOptions.DatabaseOutageGrace"/>).
    /// </summary>
    public bool TryGetThroughOutage(byte[] tokenHash, out string clientId)
    {
        if (coherence.IsWithinOutageGrace && _entries.TryGetValue(Convert.ToHexString(tokenHash), out var entry))
        {
            clientId = entry.ClientId;
            return true;
        }

        clientId = string.Empty;
        return false;
    }

    /// <summary>Stores a lookup result, unless an invalidation ran since <paramref name="epoch"/> (the value may predate it).</summary>
    public void Set(byte[] tokenHash, string clientId, long epoch)
    {
        var key = Convert.ToHexString(tokenHash);
        _entries[key] = (clientId, time.GetUtcNow());
        if (coherence.Epoch != epoch)
        {
            _entries.TryRemove(key, out _);
        }
    }

    public void Invalidate(byte[] tokenHash)
    {
        coherence.Invalidated();
        _entries.TryRemove(Convert.ToHexString(tokenHash), out _);
    }

    public void InvalidateClient(string clientId)
    {
        coherence.Invalidated();
        foreach (var (key, entry) in _entries)
        {
            if (entry.ClientId == clientId)
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    /// <summary>Drops everything (after invalidations may have been missed).</summary>
    public void Clear()
    {
        coherence.Invalidated();
        _entries.Clear();
    }

    public void Sweep()
    {
        var oldest = time.GetUtcNow() - coherence.RetentionFor(options.Value.SessionCacheDuration);
        foreach (var (key, entry) in _entries)
        {
            if (entry.LoadedAt < oldest)
            {
                _entries.TryRemove(key, out _);
            }
        }
    }
}
