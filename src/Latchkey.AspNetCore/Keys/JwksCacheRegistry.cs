using System.Collections.Concurrent;

namespace Latchkey.AspNetCore.Keys;

/// <summary>
/// The process-wide remote key caches, one per (issuer, Backend API URL, secret key): two
/// instances in one process never share keys, and a <c>kid</c> alone never selects a cache.
/// Rebuilding a scheme (options reload) keeps its cache.
/// </summary>
internal sealed class JwksCacheRegistry
{
    private readonly ConcurrentDictionary<(string Issuer, string ApiUrl, string SecretKey), RemoteKeyCache> _caches = new();

    public JwksCacheRegistry(TimeProvider? timeProvider = null) => TimeProvider = timeProvider ?? TimeProvider.System;

    public TimeProvider TimeProvider { get; }

    public RemoteKeyCache GetOrAdd(string issuer, string apiUrl, string? secretKey, Func<RemoteKeyCache> factory) =>
        _caches.GetOrAdd((issuer, apiUrl, secretKey ?? string.Empty), _ => factory());

    public int Count => _caches.Count;
}
