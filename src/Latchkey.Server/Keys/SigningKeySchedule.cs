using Latchkey.Tokens;

namespace Latchkey.Server.Keys;

/// <summary>
/// The signing keys as stored, turned into the ring in effect at any moment: which key signs
/// (the newest one whose activation time has come and that is not retired) and which public
/// keys are published (keys about to sign, and retired keys until every token they may have
/// signed has expired). Immutable; the rings for each change of the signing key are built once.
/// </summary>
internal sealed class SigningKeySchedule
{
    private readonly (DateTimeOffset From, SigningKeyRing Ring)[] _rings;

    private SigningKeySchedule(string fingerprint, IReadOnlyList<Entry> entries, (DateTimeOffset, SigningKeyRing)[] rings)
    {
        Fingerprint = fingerprint;
        Entries = entries;
        _rings = rings;
    }

    /// <summary>Identifies the stored state the schedule was built from (ids, activation and retirement times).</summary>
    public string Fingerprint { get; }

    public IReadOnlyList<Entry> Entries { get; }

    /// <summary>The ring in effect at <paramref name="now"/>.</summary>
    public SigningKeyRing RingAt(DateTimeOffset now)
    {
        var ring = _rings[0].Ring;
        foreach (var (from, candidate) in _rings)
        {
            if (from > now)
            {
                break;
            }

            ring = candidate;
        }

        return ring;
    }

    /// <param name="entries">Every stored key.</param>
    /// <param name="privateKeys">Decrypted keys by kid, for every entry that signs now or later.</param>
    /// <param name="retention">How long a retired key stays published after its retirement.</param>
    /// <param name="clockSkew">The verifiers' clock skew the ring records.</param>
    public static SigningKeySchedule Build(IReadOnlyList<Entry> entries, IReadOnlyDictionary<string, SigningKey> privateKeys, TimeSpan retention, TimeSpan clockSkew)
    {
        // The signing key changes only at activation and retirement times: one ring per such moment.
        var moments = entries.SelectMany(e => e.RetiredAt is { } r ? new[] { e.ActivatesAt, r } : [e.ActivatesAt])
            .Append(DateTimeOffset.MinValue).Distinct().Order().ToList();
        var rings = new List<(DateTimeOffset, SigningKeyRing)>();
        foreach (var moment in moments)
        {
            var signing = SigningAt(entries, moment);
            if (signing is null || !privateKeys.TryGetValue(signing.Kid, out var key))
            {
                continue;
            }

            var published = entries.Where(e => e.Kid != signing.Kid).Select(e => new RetiredKey(e.PublicKey, e.RetiredAt is { } retired ? retired + retention : DateTimeOffset.MaxValue));
            rings.Add((moment, new SigningKeyRing(key, retention, clockSkew, published)));
        }

        if (rings.Count == 0)
        {
            throw new InvalidOperationException("No signing key can sign: every stored key is retired. Restart the server to create a new one.");
        }

        return new SigningKeySchedule(FingerprintOf(entries), entries, [.. rings]);
    }

    /// <summary>What identifies a stored state: ids with activation and retirement times.</summary>
    public static string FingerprintOf(IEnumerable<Entry> entries) =>
        string.Join(';', entries.OrderBy(e => e.Kid, StringComparer.Ordinal)
            .Select(e => $"{e.Kid}|{e.ActivatesAt.ToUnixTimeMilliseconds()}|{e.RetiredAt?.ToUnixTimeMilliseconds()}"));

    /// <summary>The key that signs at <paramref name="at"/>: the newest activated, unretired key; before any activation, the earliest unretired one.</summary>
    public static Entry? SigningAt(IReadOnlyList<Entry> entries, DateTimeOffset at)
    {
        var live = entries.Where(e => e.RetiredAt is not { } retired || retired > at).ToList();
        return live.Where(e => e.ActivatesAt <= at).OrderByDescending(e => e.ActivatesAt).ThenBy(e => e.Kid, StringComparer.Ordinal).FirstOrDefault()
            ?? live.OrderBy(e => e.ActivatesAt).ThenBy(e => e.Kid, StringComparer.Ordinal).FirstOrDefault();
    }

    /// <summary>One stored key: its public half and its times.</summary>
    internal sealed record Entry(string Kid, string Algorithm, VerificationKey PublicKey, DateTimeOffset CreatedAt, DateTimeOffset ActivatesAt, DateTimeOffset? RetiredAt);
}
