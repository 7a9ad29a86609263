using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Latchkey.Tokens.Internal;

namespace Latchkey.AspNetCore.Tokens;

/// <summary>
/// The tokens that verified, by token text: each with its peek (<see cref="JwtPeek"/>), so that a
/// signed-in request does not decode its token again, and its last valid verification (the
/// verified-token cache's entry), so that the cache answers without a second lookup. A peek is a
/// pure function of the token text, so a remembered one is exactly what decoding would give;
/// nothing here decides validity (every request is still judged by the verified-token cache's
/// rules, which re-check the times and the keys, from an entry that is still in the cache).
/// </summary>
/// <remarks>
/// Only tokens that verified are added, so a client cannot fill the table with tokens of its
/// choosing. It is bounded like the verified-token cache: at <see cref="MaxEntries"/> entries the
/// expired ones are swept (at most once a minute otherwise), and when it is still over three
/// quarters full it is emptied. Thread-safe.
/// </remarks>
internal sealed class KnownTokens
{
    /// <summary>Most tokens remembered (the verified-token cache's default bound).</summary>
    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, KnownToken> _entries = new(TokenTextComparer.Instance);

    // The lookup by span, made once (making it checks the comparer's type each time).
    private readonly ConcurrentDictionary<string, KnownToken>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private readonly Lock _sweepLock = new();
    private int _count;
    private long _nextSweepMs;

    public KnownTokens() => _bySpan = _entries.GetAlternateLookup<ReadOnlySpan<char>>();

    public int Count => Volatile.Read(ref _count);

    public bool TryGetPeek(string token, [NotNullWhen(true)] out JwtPeek? peek)
    {
        var found = _entries.TryGetValue(token, out var known);
        peek = known?.Peek;
        return found;
    }

    /// <summary>
    /// The remembered string instance of a known token's text and its entry (peek, last
    /// verification): a request whose cookie or header holds a known token then needs no copy of
    /// it (about 1.5 KB) and no second lookup.
    /// </summary>
    public bool TryGetKnown(ReadOnlySpan<char> text, [NotNullWhen(true)] out string? token, [NotNullWhen(true)] out KnownToken? known) =>
        _bySpan.TryGetValue(text, out token, out known);

    /// <summary>The entry of a token that just verified, made and remembered on first call.</summary>
    /// <param name="token">The token text.</param>
    /// <param name="peek">Its peek, as <see cref="ITokenPeeker.Peek"/> decodes it.</param>
    /// <param name="nowMs">Now in Unix milliseconds (drives the sweep of expired entries).</param>
    /// <returns>The remembered entry, or a new one that is not remembered (table full).</returns>
    public KnownToken Remember(string token, JwtPeek peek, long nowMs)
    {
        if (Volatile.Read(ref _count) >= MaxEntries || nowMs >= Volatile.Read(ref _nextSweepMs))
        {
            Sweep(nowMs);
            if (Volatile.Read(ref _count) >= MaxEntries)
            {
                return new KnownToken(peek);
            }
        }

        var known = new KnownToken(peek);
        if (_entries.TryAdd(token, known))
        {
            Interlocked.Increment(ref _count);
            return known;
        }

        return _entries.TryGetValue(token, out var existing) ? existing : known;
    }

    /// <summary>Drops the entries of expired tokens; when still over three quarters full, drops all.</summary>
    private void Sweep(long nowMs)
    {
        if (!_sweepLock.TryEnter())
        {
            return;
        }

        try
        {
            Volatile.Write(ref _nextSweepMs, nowMs + 60_000);
            var now = nowMs / 1000.0;
            foreach (var (token, known) in _entries)
            {
                if ((known.Peek.Exp is not { } exp || exp <= now) && _entries.TryRemove(token, out _))
                {
                    Interlocked.Decrement(ref _count);
                }
            }

            if (Volatile.Read(ref _count) > MaxEntries * 3 / 4)
            {
                foreach (var token in _entries.Keys)
                {
                    if (_entries.TryRemove(token, out _))
                    {
                        Interlocked.Decrement(ref _count);
                    }
                }
            }
        }
        finally
        {
            _sweepLock.Exit();
        }
    }
}

/// <summary>
/// A token that verified, as <see cref="KnownTokens"/> remembers it: its peek, and the last valid
/// verification of it (the verified-token cache's entry and the answer made from it), so that the
/// next request with the same text is judged from the entry without looking it up again.
/// </summary>
internal sealed class KnownToken(JwtPeek peek)
{
    /// <summary>The token's peek (a pure function of its text).</summary>
    public JwtPeek Peek { get; } = peek;

    /// <summary>The last valid verification, or null; replaced whenever the token verifies through the cache again.</summary>
    public volatile KnownVerification? Verified;
}

/// <summary>A valid verification: the cache entry that holds it and the token core's answer for its claims.</summary>
internal sealed record KnownVerification(Latchkey.Tokens.CachedVerification Entry, TokenCheck Check);
