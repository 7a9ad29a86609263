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
    private readonly ConcurrentDictionary<string, CachedVerification> _entries = new(TokenTextComparer.Instance);
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
    public TokenVerificationResult Verify(string? token, VerificationKeySet keys) => Verify(token, keys, out _);

    /// <summary>
    /// <see cref="Verify(string?, VerificationKeySet)"/>, also handing out the cache entry that
    /// holds a valid result (null when the result is not cached: invalid, too long, cache full),
    /// for <see cref="TryHit"/> to serve the same token later without looking it up.
    /// </summary>
    internal TokenVerificationResult Verify(string? token, VerificationKeySet keys, out CachedVerification? cached)
    {
        ArgumentNullException.ThrowIfNull(keys);
        cached = null;
        if (token is null || token.Length > _options.MaxCachedTokenLength)
        {
            return _verifier.Verify(token, keys);
        }

        long nowMs = _verifier.Time.GetUtcNow().ToUnixTimeMilliseconds();
        if (_entries.TryGetValue(token, out CachedVerification? entry))
        {
            if (IsStillValid(entry, keys, nowMs))
            {
                cached = entry;
                return entry.Result;
            }

            Remove(token, entry);
        }

        TokenVerificationResult result = _verifier.Verify(token, keys);
        if (result.IsValid)
        {
            cached = Add(token, result, nowMs);
        }

        return result;
    }

    /// <summary>
    /// Serves a hit from an entry handed out by <see cref="Verify(string?, VerificationKeySet, out CachedVerification?)"/>
    /// for the same token, without looking the token up: only while the entry is still in the
    /// cache, and under exactly the rules of a lookup hit (times with skew at
    /// <paramref name="nowMs"/>, same key material in <paramref name="keys"/>). False means "ask
    /// <see cref="Verify(string?, VerificationKeySet)"/>", which also drops an entry that no longer holds.
    /// </summary>
    /// <remarks>
    /// The caller keeps the entry beside the token text it verified; the cache never hands an
    /// entry to anyone for another text, so this is the lookup the caller already made.
    /// </remarks>
    internal bool TryHit(CachedVerification cached, VerificationKeySet keys, long nowMs, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TokenVerificationResult? result)
    {
        if (cached.Removed || !IsStillValid(cached, keys, nowMs))
        {
            result = null;
            return false;
        }

        result = cached.Result;
        return true;
    }

    /// <summary>Drops every entry.</summary>
    public void Clear()
    {
        foreach (KeyValuePair<string, CachedVerification> pair in _entries)
        {
            Remove(pair.Key, pair.Value);
        }
    }

    private bool IsStillValid(CachedVerification entry, VerificationKeySet keys, long nowMs)
    {
        long skew = _verifier.Settings.ClockSkewMs;
        if (entry.ExpMs <= nowMs - skew || entry.NbfMs > nowMs + skew || entry.IatMs > nowMs + skew)
        {
            return false;
        }

        // A key set is immutable, so the one that last passed the key check below passes it again.
        if (ReferenceEquals(keys, entry.CheckedKeys))
        {
            return true;
        }

        // Served only while the same key material, still allowed this algorithm, is in the set.
        if (keys.TryGetKey(entry.Kid, out VerificationKey? key)
            && (ReferenceEquals(key, entry.Key) || string.Equals(key.Thumbprint, entry.Key.Thumbprint, StringComparison.Ordinal))
            && (key.AllowedAlgorithms & entry.Algorithm) != 0)
        {
            entry.CheckedKeys = keys;
            return true;
        }

        return false;
    }

    private CachedVerification? Add(string token, TokenVerificationResult result, long nowMs)
    {
        SessionClaims claims = result.Claims!;
        long size = EntryOverheadBytes + 2L * token.Length + 2L * claims.RawJsonBytes.Length;
        if (Volatile.Read(ref _count) >= _options.MaxEntries || Interlocked.Read(ref _bytes) + size > _options.MaxMemoryBytes || nowMs >= Volatile.Read(ref _nextSweepMs))
        {
            Sweep(nowMs);
            if (Volatile.Read(ref _count) >= _options.MaxEntries || Interlocked.Read(ref _bytes) + size > _options.MaxMemoryBytes)
            {
                return null;
            }
        }

        var entry = new CachedVerification(result, result.Header!.KeyId, result.Key!, JwsAlgorithms.Parse(result.Header.Algorithm), ToMs(claims.ExpiresAt) ?? long.MinValue,
            ToMs(claims.NotBefore) ?? long.MinValue, ToMs(claims.IssuedAt) ?? long.MinValue, size);
        if (!_entries.TryAdd(token, entry))
        {
            return null; // another thread cached it first: the next lookup finds that entry.
        }

        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _bytes, size);
        return entry;
    }

    private static long? ToMs(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();

    private void Remove(string token, CachedVerification entry)
    {
        if (_entries.TryRemove(new KeyValuePair<string, CachedVerification>(token, entry)))
        {
            entry.Removed = true;
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
            foreach (KeyValuePair<string, CachedVerification> pair in _entries)
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

}

/// <summary>
/// One entry of a <see cref="VerifiedTokenCache"/>: a valid result, the key that verified it and
/// the token's times. Handed out by the cache to the caller that verified the token, so that it
/// can be served again without a lookup (<see cref="VerifiedTokenCache.TryHit"/>).
/// </summary>
internal sealed class CachedVerification(TokenVerificationResult result, string? kid, VerificationKey key, JwsAlgorithm algorithm, long expMs, long nbfMs, long iatMs, long size)
{
    public TokenVerificationResult Result { get; } = result;

    public string? Kid { get; } = kid;

    public VerificationKey Key { get; } = key;

    public JwsAlgorithm Algorithm { get; } = algorithm;

    public long ExpMs { get; } = expMs;

    public long NbfMs { get; } = nbfMs;

    public long IatMs { get; } = iatMs;

    public long Size { get; } = size;

    /// <summary>Set once the entry has left the cache: it is never served again.</summary>
    public volatile bool Removed;

    /// <summary>The last key set seen to hold this entry's key material (a set never changes).</summary>
    public volatile VerificationKeySet? CheckedKeys;
}
