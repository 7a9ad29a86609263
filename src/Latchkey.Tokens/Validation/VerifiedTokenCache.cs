using System.Collections.Concurrent;
using Latchkey.Tokens.Internal;

namespace Latchkey.Tokens;

/// <summary>
/// Remembers tokens that verified, so that the same token is accepted again without a second
/// signature check until it expires. Safety rules:
/// <list type="bullet">
/// <item>the key is the whole token text (ordinal equality; a randomized hash of the token's
/// signature end, <see cref="TokenTextComparer"/>): no token can hit another token's entry;</item>
/// <item>the time claims (<c>exp</c>, <c>nbf</c>, <c>iat</c>, with the verifier's clock skew) are
/// re-checked on every hit;</item>
/// <item>a hit is served only while the key set passed in still holds a key with the same
/// <c>kid</c> and the same key material (RFC 7638 thumbprint) that verified it: a key that left
/// the set takes its entries with it;</item>
/// <item>one cache wraps one <see cref="TokenVerifier"/> (one issuer and option set): two caches
/// never share entries;</item>
/// <item>memory is bounded (<see cref="VerifiedTokenCacheOptions"/>); expired entries are swept
/// when the cache fills up and about once a minute.</item>
/// </list>
/// Only valid results are cached; failures are verified again every time. Thread-safe.
/// </summary>
public sealed class VerifiedTokenCache : ITokenVerifier
{
    private const long EntryOverheadBytes = 512;

    private readonly TokenVerifier _verifier;
    private readonly VerifiedTokenCacheOptions _options;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(TokenTextComparer.Instance);
    private readonly Lock _sweepLock = new();
    private long _bytes;
    private int _count;
    private long _nextSweepMs;

    /// <summary>Creates a cache in front of <paramref name="verifier"/>.</summary>
    public VerifiedTokenCache(TokenVerifier verifier, VerifiedTokenCacheOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        _verifier = verifier;
        _options = options ?? new VerifiedTokenCacheOptions();
        if (_options.MaxEntries is < 1 or > 1_000_000 || _options.MaxMemoryBytes < 64 * 1024 || _options.MaxCachedTokenLength < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "VerifiedTokenCacheOptions: MaxEntries must be 1 to 1,000,000, MaxMemoryBytes at least 64 KiB, MaxCachedTokenLength positive.");
        }
    }

    /// <summary>How many tokens are cached now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Approximate bytes held by the entries.</summary>
    public long ApproximateBytes => Interlocked.Read(ref _bytes);

    /// <inheritdoc/>
    public TokenVerificationResult Verify(string? token, VerificationKeySet keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (token is null || token.Length > _options.MaxCachedTokenLength)
        {
            return _verifier.Verify(token, keys);
        }

        long nowMs = _verifier.Time.GetUtcNow().ToUnixTimeMilliseconds();
        if (_entries.TryGetValue(token, out Entry? entry))
        {
            if (IsStillValid(entry, keys, nowMs))
            {
                return entry.Result;
            }

            Remove(token, entry);
        }

        TokenVerificationResult result = _verifier.Verify(token, keys);
        if (result.IsValid)
        {
            Add(token, result, nowMs);
        }

        return result;
    }

    /// <summary>Drops every entry.</summary>
    public void Clear()
    {
        foreach (KeyValuePair<string, Entry> pair in _entries)
        {
            Remove(pair.Key, pair.Value);
        }
    }

    private bool IsStillValid(Entry entry, VerificationKeySet keys, long nowMs)
    {
        long skew = _verifier.Settings.ClockSkewMs;
        if (entry.ExpMs <= nowMs - skew || entry.NbfMs > nowMs + skew || entry.IatMs > nowMs + skew)
        {
            return false;
        }

        // Served only while the same key material, still allowed this algorithm, is in the set.
        return keys.TryGetKey(entry.Kid, out VerificationKey? key)
            && (ReferenceEquals(key, entry.Key) || string.Equals(key.Thumbprint, entry.Key.Thumbprint, StringComparison.Ordinal))
            && (key.AllowedAlgorithms & entry.Algorithm) != 0;
    }

    private void Add(string token, TokenVerificationResult result, long nowMs)
    {
        SessionClaims claims = result.Claims!;
        long size = EntryOverheadBytes + 2L * token.Length + 2L * claims.RawJsonBytes.Length;
        if (Volatile.Read(ref _count) >= _options.MaxEntries || Interlocked.Read(ref _bytes) + size > _options.MaxMemoryBytes || nowMs >= Volatile.Read(ref _nextSweepMs))
        {
            Sweep(nowMs);
            if (Volatile.Read(ref _count) >= _options.MaxEntries || Interlocked.Read(ref _bytes) + size > _options.MaxMemoryBytes)
            {
                return;
            }
        }

        var entry = new Entry(result, result.Header!.KeyId, result.Key!, JwsAlgorithms.Parse(result.Header.Algorithm), ToMs(claims.ExpiresAt) ?? long.MinValue,
            ToMs(claims.NotBefore) ?? long.MinValue, ToMs(claims.IssuedAt) ?? long.MinValue, size);
        if (_entries.TryAdd(token, entry))
        {
            Interlocked.Increment(ref _count);
            Interlocked.Add(ref _bytes, size);
        }
    }

    private static long? ToMs(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();

    private void Remove(string token, Entry entry)
    {
        if (_entries.TryRemove(new KeyValuePair<string, Entry>(token, entry)))
        {
            Interlocked.Decrement(ref _count);
            Interlocked.Add(ref _bytes, -entry.Size);
        }
    }

    /// <summary>Removes expired entries; when the cache is still over three quarters full, empties it.</summary>
    private void Sweep(long nowMs)
    {
        if (!_sweepLock.TryEnter())
        {
            return;
        }

        try
        {
            Volatile.Write(ref _nextSweepMs, nowMs + 60_000);
            long skew = _verifier.Settings.ClockSkewMs;
            foreach (KeyValuePair<string, Entry> pair in _entries)
            {
                if (pair.Value.ExpMs <= nowMs - skew)
                {
                    Remove(pair.Key, pair.Value);
                }
            }

            if (Volatile.Read(ref _count) > _options.MaxEntries * 3L / 4 || Interlocked.Read(ref _bytes) > _options.MaxMemoryBytes * 3 / 4)
            {
                Clear();
            }
        }
        finally
        {
            _sweepLock.Exit();
        }
    }

    private sealed record Entry(TokenVerificationResult Result, string? Kid, VerificationKey Key, JwsAlgorithm Algorithm, long ExpMs, long NbfMs, long IatMs, long Size);
}
