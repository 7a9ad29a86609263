using System.Collections.Concurrent;
using Latchkey.Server.Configuration;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Clients;

/// <summary>
/// Maps hashes of <c>__client</c> and dev-browser tokens to client ids for the mint path, for
/// at most <see cref="LatchkeyServerOptions.SessionCacheDuration"/>. Rotation and destruction
/// through this process invalidate at once.
/// </summary>
internal sealed class ClientIdentityCache(IOptions<LatchkeyServerOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (string ClientId, DateTimeOffset LoadedAt)> _entries = new(StringComparer.Ordinal);

    public bool TryGet(byte[] tokenHash, out string clientId)
    {
        if (_entries.TryGetValue(Convert.ToHexString(tokenHash), out var entry)
            && time.GetUtcNow() - entry.LoadedAt < options.Value.SessionCacheDuration)
        {
            clientId = entry.ClientId;
            return true;
        }

        clientId = string.Empty;
        return false;
    }

    public void Set(byte[] tokenHash, string clientId) =>
        _entries[Convert.ToHexString(tokenHash)] = (clientId, time.GetUtcNow());

    public void Invalidate(byte[] tokenHash) => _entries.TryRemove(Convert.ToHexString(tokenHash), out _);

    public void InvalidateClient(string clientId)
    {
        foreach (var (key, entry) in _entries)
        {
            if (entry.ClientId == clientId)
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    public void Sweep()
    {
        var oldest = time.GetUtcNow() - options.Value.SessionCacheDuration;
        foreach (var (key, entry) in _entries)
        {
            if (entry.LoadedAt < oldest)
            {
                _entries.TryRemove(key, out _);
            }
        }
    }
}
