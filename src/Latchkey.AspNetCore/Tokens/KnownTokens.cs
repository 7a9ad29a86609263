using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Latchkey.Tokens.Internal;

namespace Latchkey.AspNetCore.Tokens;

/// <summary>
/// The peeks (<see cref="JwtPeek"/>) of tokens that verified, by token text, so that a signed-in
/// request does not decode its token again before the verified-token cache answers. A peek is a
/// pure function of the token text, so a remembered one is exactly what decoding would give;
/// nothing here decides validity (every request still goes through the verified-token cache,
/// which re-checks the times and the keys).
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

    private readonly ConcurrentDictionary<string, JwtPeek> _peeks = new(TokenTextComparer.Instance);
    private readonly Lock _sweepLock = new();
    private int _count;
    private long _nextSweepMs;

    public int Count => Volatile.Read(ref _count);

    public bool TryGetPeek(string token, out JwtPeek? peek) => _peeks.TryGetValue(token, out peek);

    /// <summary>
    /// The remembered string instance of a known token's text and its peek: a request whose cookie
    /// or header holds a known token then needs no copy of it (about 1.5 KB) and no second lookup.
    /// </summary>
    public bool TryGetKnown(ReadOnlySpan<char> text, [NotNullWhen(true)] out string? token, [NotNullWhen(true)] out JwtPeek? peek) =>
        _peeks.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(text, out token, out peek);

    /// <summary>Remembers the peek of a token that just verified.</summary>
    /// <param name="token">The token text.</param>
    /// <param name="peek">Its peek, as <see cref="ITokenPeeker.Peek"/> decodes it.</param>
    /// <param name="nowMs">Now in Unix milliseconds (drives the sweep of expired entries).</param>
    public void Remember(string token, JwtPeek peek, long nowMs)
    {
        if (Volatile.Read(ref _count) >= MaxEntries || nowMs >= Volatile.Read(ref _nextSweepMs))
        {
            Sweep(nowMs);
            if (Volatile.Read(ref _count) >= MaxEntries)
            {
                return;
            }
        }

        if (_peeks.TryAdd(token, peek))
        {
            Interlocked.Increment(ref _count);
        }
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
            foreach (var (token, peek) in _peeks)
            {
                if ((peek.Exp is not { } exp || exp <= now) && _peeks.TryRemove(token, out _))
                {
                    Interlocked.Decrement(ref _count);
                }
            }

            if (Volatile.Read(ref _count) > MaxEntries * 3 / 4)
            {
                foreach (var token in _peeks.Keys)
                {
                    if (_peeks.TryRemove(token, out _))
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
