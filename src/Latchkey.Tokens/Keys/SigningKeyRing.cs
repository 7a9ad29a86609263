namespace Latchkey.Tokens;

/// <summary>
/// Signing keys with rotation: one current signing key, plus the public halves of earlier keys,
/// each kept until every token it signed has expired (retire time = rotation time + maximum
/// token lifetime + clock skew). Immutable: <see cref="Rotate"/> returns a new ring, so a
/// reader always sees a consistent snapshot.
/// </summary>
/// <example>
/// <code>
/// var ring = new SigningKeyRing(SigningKey.GenerateRsa("ins_1_k1"), maxTokenLifetime: TimeSpan.FromMinutes(10));
/// ring = ring.Rotate(SigningKey.GenerateRsa("ins_1_k2"), time.GetUtcNow());
/// string jwks = ring.ToJwks(time.GetUtcNow()).ToJson(); // k2 and, for 10 min 5 s more, k1
/// </code>
/// </example>
public sealed class SigningKeyRing
{
    /// <summary>Creates a ring.</summary>
    /// <param name="current">The key that signs new tokens.</param>
    /// <param name="maxTokenLifetime">The longest lifetime of any token the ring's keys sign (positive).</param>
    /// <param name="clockSkew">The verifiers' clock skew. Default 5 seconds.</param>
    /// <param name="retired">Earlier public keys with their retire times (e.g. restored from storage).</param>
    public SigningKeyRing(SigningKey current, TimeSpan maxTokenLifetime, TimeSpan? clockSkew = null, IEnumerable<RetiredKey>? retired = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (maxTokenLifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(maxTokenLifetime), maxTokenLifetime, "The maximum token lifetime must be positive.");
        }

        TimeSpan skew = clockSkew ?? TimeSpan.FromSeconds(5);
        if (skew < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(clockSkew), skew, "The clock skew cannot be negative.");
        }

        Current = current;
        MaxTokenLifetime = maxTokenLifetime;
        ClockSkew = skew;
        Retired = [.. retired ?? []];
        var kids = new HashSet<string>(StringComparer.Ordinal) { current.Kid };
        foreach (RetiredKey key in Retired)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(retired));
            if (!kids.Add(key.Key.Kid))
            {
                throw new ArgumentException($"The kid \"{key.Key.Kid}\" appears twice in the ring; every key needs its own kid.", nameof(retired));
            }
        }
    }

    /// <summary>The key that signs new tokens.</summary>
    public SigningKey Current { get; }

    /// <summary>The longest lifetime of a token signed by the ring's keys.</summary>
    public TimeSpan MaxTokenLifetime { get; }

    /// <summary>The verifiers' clock skew added to each retire time.</summary>
    public TimeSpan ClockSkew { get; }

    /// <summary>Earlier keys, kept for verification until their retire time (expired ones included until pruned).</summary>
    public IReadOnlyList<RetiredKey> Retired { get; }

    /// <summary>
    /// Makes <paramref name="next"/> the signing key; the current key's public half stays
    /// verifiable until <paramref name="rotatedAt"/> + <see cref="MaxTokenLifetime"/> + <see cref="ClockSkew"/>.
    /// Retired keys past their time are dropped.
    /// </summary>
    public SigningKeyRing Rotate(SigningKey next, DateTimeOffset rotatedAt)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (next.Kid == Current.Kid)
        {
            throw new ArgumentException("The new key needs a kid different from the current one.", nameof(next));
        }

        var retired = Retired.Where(r => r.RetireAt > rotatedAt && r.Key.Kid != next.Kid).ToList();
        retired.Add(new RetiredKey(Current.PublicKey, rotatedAt + MaxTokenLifetime + ClockSkew));
        return new SigningKeyRing(next, MaxTokenLifetime, ClockSkew, retired);
    }

    /// <summary>The keys a verifier needs at <paramref name="now"/>: the current one and every retired one not yet past its retire time.</summary>
    public VerificationKeySet GetVerificationKeys(DateTimeOffset now) =>
        VerificationKeySet.Create([Current.PublicKey, .. Retired.Where(r => r.RetireAt > now).Select(r => r.Key)]);

    /// <summary>The JWK Set to publish at <paramref name="now"/> (what <c>/.well-known/jwks.json</c> serves).</summary>
    public JsonWebKeySet ToJwks(DateTimeOffset now) => GetVerificationKeys(now).ToJwks();
}
