using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Latchkey.Tokens;

/// <summary>
/// An immutable snapshot of the keys a verifier may use, looked up by exact (ordinal) <c>kid</c>.
/// Two modes:
/// <list type="bullet">
/// <item>key-id mode (<see cref="Create(IEnumerable{VerificationKey})"/>, <see cref="FromJwks(JsonWebKeySet)"/>): the token's
/// <c>kid</c> must equal a key's <c>kid</c> exactly, else the verifier answers
/// <see cref="ReasonCodes.JwkKidMismatch"/> so that a caller holding a remote JWKS can refetch
/// and retry;</item>
/// <item>PEM mode (<see cref="ForPem"/>, <see cref="FromSpkiPem"/>): one key that verifies
/// whatever the token's <c>kid</c> says, like the protocol's networkless <c>jwtKey</c> (§4.4).</item>
/// </list>
/// </summary>
public sealed class VerificationKeySet
{
    private readonly Dictionary<string, VerificationKey> _byKid;
    private readonly Dictionary<string, VerificationKey>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly VerificationKey? _pemKey;

    private VerificationKeySet(IReadOnlyList<VerificationKey> keys, VerificationKey? pemKey, IReadOnlyList<JsonWebKeyRejection> rejected)
    {
        _byKid = new Dictionary<string, VerificationKey>(StringComparer.Ordinal);
        foreach (VerificationKey key in keys)
        {
            _byKid.Add(key.Kid, key);
        }

        _lookup = _byKid.GetAlternateLookup<ReadOnlySpan<char>>();
        _pemKey = pemKey;
        Keys = keys;
        RejectedKeys = rejected;
    }

    /// <summary>A set without keys: every token fails with <see cref="ReasonCodes.JwkKidMismatch"/>.</summary>
    public static VerificationKeySet Empty { get; } = new([], null, []);

    /// <summary>The usable keys.</summary>
    public IReadOnlyList<VerificationKey> Keys { get; }

    /// <summary>Keys of the source JWK Set that were left out, with the reason (empty when built from keys).</summary>
    public IReadOnlyList<JsonWebKeyRejection> RejectedKeys { get; }

    /// <summary>True in PEM mode: the single key verifies tokens whatever their <c>kid</c>.</summary>
    public bool IsPemMode => _pemKey is not null;

    /// <summary>Creates a key-id-mode set.</summary>
    /// <exception cref="ArgumentException">Two keys share a <c>kid</c>.</exception>
    public static VerificationKeySet Create(IEnumerable<VerificationKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var list = new List<VerificationKey>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (VerificationKey key in keys)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(keys));
            if (!seen.Add(key.Kid))
            {
                throw new ArgumentException($"Two keys have the kid \"{key.Kid}\"; a key set needs unique kids.", nameof(keys));
            }

            list.Add(key);
        }

        return new VerificationKeySet(list, null, []);
    }

    /// <summary>Creates a key-id-mode set.</summary>
    public static VerificationKeySet Create(params VerificationKey[] keys) => Create((IEnumerable<VerificationKey>)keys);

    /// <summary>
    /// Builds a key-id-mode set from a JWK Set. Keys that cannot verify (unsupported <c>kty</c>,
    /// weak RSA, <c>use</c> other than <c>sig</c>, missing <c>kid</c>, ...) are left out and listed
    /// in <see cref="RejectedKeys"/>; a <c>kid</c> that appears more than once is ambiguous, and
    /// every key with it is left out.
    /// </summary>
    public static VerificationKeySet FromJwks(JsonWebKeySet jwks)
    {
        ArgumentNullException.ThrowIfNull(jwks);
        var rejected = new List<JsonWebKeyRejection>();
        var duplicates = jwks.Keys.Where(k => k.Kid is not null).GroupBy(k => k.Kid!, StringComparer.Ordinal)
            .Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        var keys = new List<VerificationKey>();
        foreach (JsonWebKey jwk in jwks.Keys)
        {
            if (jwk.Kid is not null && duplicates.Contains(jwk.Kid))
            {
                rejected.Add(new JsonWebKeyRejection(jwk.Kid, "the kid appears more than once in the JWK Set, so it is ambiguous"));
            }
            else if (VerificationKey.TryFromJwk(jwk, out VerificationKey? key, out string? error))
            {
                keys.Add(key);
            }
            else
            {
                rejected.Add(new JsonWebKeyRejection(jwk.Kid, error));
            }
        }

        return new VerificationKeySet(keys, null, rejected);
    }

    /// <summary>Parses a JWK Set document and builds a key-id-mode set (see <see cref="FromJwks(JsonWebKeySet)"/>).</summary>
    /// <exception cref="FormatException">The document is not a well-formed JWK Set.</exception>
    public static VerificationKeySet FromJwks(string json) => FromJwks(JsonWebKeySet.Parse(json));

    /// <summary>Creates a PEM-mode set around one key: tokens verify with it whatever their <c>kid</c>.</summary>
    public static VerificationKeySet ForPem(VerificationKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new VerificationKeySet([key], key, []);
    }

    /// <summary>Imports an SPKI PEM public key and creates a PEM-mode set; the key's kid is <c>local</c>.</summary>
    /// <exception cref="FormatException">The PEM is not an acceptable public key.</exception>
    public static VerificationKeySet FromSpkiPem(string pem, string? algorithm = null) =>
        ForPem(VerificationKey.FromSpkiPem(pem, "local", algorithm));

    /// <summary>Finds the key for a token <c>kid</c> (exact ordinal match; any kid, even none, in PEM mode).</summary>
    public bool TryGetKey(string? kid, [NotNullWhen(true)] out VerificationKey? key)
    {
        if (_pemKey is not null)
        {
            key = _pemKey;
            return true;
        }

        if (kid is null)
        {
            key = null;
            return false;
        }

        return _byKid.TryGetValue(kid, out key);
    }

    internal bool TryGetKey(ReadOnlySpan<char> kid, bool hasKid, [NotNullWhen(true)] out VerificationKey? key)
    {
        if (_pemKey is not null)
        {
            key = _pemKey;
            return true;
        }

        if (!hasKid)
        {
            key = null;
            return false;
        }

        return _lookup.TryGetValue(kid, out key);
    }

    /// <summary>Writes the public keys as a JWK Set.</summary>
    public JsonWebKeySet ToJwks() => new(Keys.Select(k => k.ToJwk()));

    /// <inheritdoc/>
    public override string ToString()
    {
        var text = new StringBuilder(IsPemMode ? "PEM key set: " : "key set: ");
        text.AppendJoin(", ", Keys.Select(k => k.Kid));
        return text.ToString();
    }
}
