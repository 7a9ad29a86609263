using System.Security.Cryptography;
using System.Text;
using Latchkey.Tokens.Internal;
using NSec.Cryptography;

namespace Latchkey.Tokens;

/// <summary>
/// A public key that verifies token signatures, with its key id and the one algorithm family
/// it may verify: the algorithm allow-list is bound to the key, so an RSA key never verifies an
/// ES256 or HMAC signature, and a JWK whose <c>alg</c> says <c>RS256</c> verifies only RS256.
/// RSA keys must have at least 2048 bits, e = 65537 and no ROCA fingerprint; EC keys must be
/// valid P-256 points; OKP keys must be Ed25519. Instances are immutable and thread-safe.
/// </summary>
/// <example>
/// <code>
/// var key = VerificationKey.FromSpkiPem(File.ReadAllText("public.pem"), kid: "ins_123");
/// var jwk = key.ToJwk(); // {"kty":"RSA","kid":"ins_123","use":"sig","alg":"RS256","n":...,"e":"AQAB"}
/// </code>
/// </example>
public sealed class VerificationKey
{
    internal static readonly byte[] Ed25519SpkiPrefix = Convert.FromHexString("302a300506032b6570032100");

    private readonly RSA? _rsa;
    private readonly ECDsa? _ec;
    private readonly PublicKey? _ed;
    private readonly int _rsaSignatureBytes;

    private VerificationKey(string kid, KeyType type, JwsAlgorithm algorithms, RSA? rsa, ECDsa? ec, PublicKey? ed)
    {
        Kid = kid;
        KeyType = type;
        AllowedAlgorithms = algorithms;
        Algorithms = JwsAlgorithms.Names(algorithms);
        _rsa = rsa;
        _ec = ec;
        _ed = ed;
        switch (type)
        {
            case KeyType.Rsa:
                RSAParameters p = rsa!.ExportParameters(false);
                N = Base64UrlStrict.Encode(p.Modulus);
                E = Base64UrlStrict.Encode(p.Exponent);
                KeySizeInBits = KeyRules.BitLength(p.Modulus);
                _rsaSignatureBytes = (KeySizeInBits + 7) / 8;
                break;
            case KeyType.EcP256:
                ECParameters q = ec!.ExportParameters(false);
                X = Base64UrlStrict.Encode(q.Q.X);
                Y = Base64UrlStrict.Encode(q.Q.Y);
                KeySizeInBits = 256;
                break;
            default:
                X = Base64UrlStrict.Encode(ed!.Export(KeyBlobFormat.RawPublicKey));
                KeySizeInBits = 256;
                break;
        }

        Thumbprint = ComputeThumbprint();
    }

    /// <summary>The key id (<c>kid</c>) the key is looked up by, compared with exact ordinal equality.</summary>
    public string Kid { get; }

    /// <summary>The key type.</summary>
    public KeyType KeyType { get; }

    /// <summary>The algorithms this key may verify (a subset of <see cref="SigningAlgorithms.All"/> within one family).</summary>
    public IReadOnlyList<string> Algorithms { get; }

    /// <summary>The key size in bits (RSA modulus length; 256 for P-256 and Ed25519).</summary>
    public int KeySizeInBits { get; }

    /// <summary>The RFC 7638 JWK SHA-256 thumbprint, base64url; identical key material gives an identical thumbprint.</summary>
    public string Thumbprint { get; }

    internal JwsAlgorithm AllowedAlgorithms { get; }

    internal string? N { get; }

    internal string? E { get; }

    internal string? X { get; }

    internal string? Y { get; }

    /// <summary>
    /// Imports an RSA, EC P-256 or Ed25519 public key from SubjectPublicKeyInfo PEM
    /// (<c>-----BEGIN PUBLIC KEY-----</c>).
    /// </summary>
    /// <param name="pem">The PEM text holding exactly one public key.</param>
    /// <param name="kid">The key id to give the key.</param>
    /// <param name="algorithm">
    /// Restricts an RSA key to one of RS256/RS384/RS512; default null: an RSA key verifies all
    /// three, a P-256 key ES256, an Ed25519 key EdDSA.
    /// </param>
    /// <exception cref="FormatException">The PEM is not an acceptable public key (the message says why).</exception>
    public static VerificationKey FromSpkiPem(string pem, string kid, string? algorithm = null)
    {
        KeyRules.ValidateKid(kid, nameof(kid));
        byte[] der = PemKeyInfo.ReadSingle(pem, "PUBLIC KEY");
        return FromSpkiDer(der, kid, algorithm);
    }

    internal static VerificationKey FromSpkiDer(byte[] der, string kid, string? algorithm)
    {
        KeyType type = PemKeyInfo.Classify(der, isPrivate: false);
        JwsAlgorithm allowed = AlgorithmsFor(type, algorithm);
        try
        {
            switch (type)
            {
                case KeyType.Rsa:
                    var rsa = RSA.Create();
                    rsa.ImportSubjectPublicKeyInfo(der, out int read);
                    EnsureConsumed(read, der.Length);
                    return CreateRsa(kid, rsa, allowed);
                case KeyType.EcP256:
                    var ec = ECDsa.Create();
                    ec.ImportSubjectPublicKeyInfo(der, out read);
                    EnsureConsumed(read, der.Length);
                    return new VerificationKey(kid, KeyType.EcP256, allowed, null, ec, null);
                default:
                    if (der.Length != Ed25519SpkiPrefix.Length + 32 || !der.AsSpan(0, Ed25519SpkiPrefix.Length).SequenceEqual(Ed25519SpkiPrefix))
                    {
                        throw new FormatException("The Ed25519 public key is not a 32-byte SubjectPublicKeyInfo.");
                    }

                    return CreateEd25519(kid, der.AsSpan(Ed25519SpkiPrefix.Length), allowed);
            }
        }
        catch (CryptographicException e)
        {
            throw new FormatException("The public key could not be imported: " + e.Message, e);
        }
    }

    private static void EnsureConsumed(int read, int length)
    {
        if (read != length)
        {
            throw new FormatException("The public key has trailing data after the SubjectPublicKeyInfo.");
        }
    }

    /// <summary>Builds a key from a JWK (RSA, EC P-256 or OKP Ed25519) after the strict checks of <see cref="JsonWebKey"/>.</summary>
    /// <exception cref="FormatException">The JWK is not an acceptable signature-verification key (the message says why).</exception>
    public static VerificationKey FromJwk(JsonWebKey jwk)
    {
        ArgumentNullException.ThrowIfNull(jwk);
        if (!TryFromJwk(jwk, out VerificationKey? key, out string? error))
        {
            throw new FormatException(error);
        }

        return key;
    }

    /// <summary>Like <see cref="FromJwk"/> but returns false with the reason instead of throwing.</summary>
    public static bool TryFromJwk(JsonWebKey jwk, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out VerificationKey? key, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(jwk);
        return JwkImporter.TryImport(jwk, jwk.Kid, out key, out error);
    }

    internal static VerificationKey CreateRsa(string kid, RSA rsa, JwsAlgorithm allowed)
    {
        string? problem = KeyRules.CheckRsa(rsa.ExportParameters(false));
        if (problem is not null)
        {
            rsa.Dispose();
            throw new FormatException(char.ToUpperInvariant(problem[0]) + problem[1..] + ".");
        }

        return new VerificationKey(kid, KeyType.Rsa, allowed, rsa, null, null);
    }

    internal static VerificationKey CreateEc(string kid, ECDsa ec, JwsAlgorithm allowed) =>
        new(kid, KeyType.EcP256, allowed, null, ec, null);

    internal static VerificationKey CreateEd25519(string kid, ReadOnlySpan<byte> publicKey, JwsAlgorithm allowed)
    {
        if (publicKey.Length != 32 || !PublicKey.TryImport(SignatureAlgorithm.Ed25519, publicKey, KeyBlobFormat.RawPublicKey, out PublicKey? ed))
        {
            throw new FormatException("The Ed25519 public key is not 32 valid bytes.");
        }

        return new VerificationKey(kid, KeyType.Ed25519, allowed, null, null, ed);
    }

    internal static JwsAlgorithm AlgorithmsFor(KeyType type, string? algorithm)
    {
        JwsAlgorithm family = type switch
        {
            KeyType.Rsa => JwsAlgorithm.AllRsa,
            KeyType.EcP256 => JwsAlgorithm.ES256,
            _ => JwsAlgorithm.EdDSA,
        };
        if (algorithm is null)
        {
            return family;
        }

        JwsAlgorithm one = JwsAlgorithms.Parse(algorithm);
        if (one == JwsAlgorithm.None || (one & family) == 0)
        {
            throw new FormatException($"Algorithm \"{algorithm}\" is not allowed for a {type} key.");
        }

        return one;
    }

    /// <summary>Returns a copy of this key under another key id (same material and algorithms).</summary>
    public VerificationKey WithKid(string kid)
    {
        KeyRules.ValidateKid(kid, nameof(kid));
        return new VerificationKey(kid, KeyType, AllowedAlgorithms, _rsa, _ec, _ed);
    }

    /// <summary>The public JWK: <c>kty</c>, <c>kid</c>, <c>use: "sig"</c>, <c>alg</c> (when the key is bound to one algorithm, or RS256 for an unrestricted RSA key) and the key members.</summary>
    public JsonWebKey ToJwk()
    {
        string alg = Algorithms.Count == 1 ? Algorithms[0] : SigningAlgorithms.RS256;
        return KeyType switch
        {
            KeyType.Rsa => new JsonWebKey { Kty = "RSA", Kid = Kid, Use = "sig", Alg = alg, N = N, E = E },
            KeyType.EcP256 => new JsonWebKey { Kty = "EC", Kid = Kid, Use = "sig", Alg = alg, Crv = "P-256", X = X, Y = Y },
            _ => new JsonWebKey { Kty = "OKP", Kid = Kid, Use = "sig", Alg = alg, Crv = "Ed25519", X = X },
        };
    }

    /// <summary>Exports the key as SubjectPublicKeyInfo PEM (<c>-----BEGIN PUBLIC KEY-----</c>), the form Clerk's <c>jwtKey</c> takes for RSA.</summary>
    public string ExportSpkiPem() => new(PemEncoding.Write("PUBLIC KEY", ExportSpkiDer()));

    internal byte[] ExportSpkiDer() => KeyType switch
    {
        KeyType.Rsa => _rsa!.ExportSubjectPublicKeyInfo(),
        KeyType.EcP256 => _ec!.ExportSubjectPublicKeyInfo(),
        _ => [.. Ed25519SpkiPrefix, .. _ed!.Export(KeyBlobFormat.RawPublicKey)],
    };

    /// <summary>
    /// Checks a JWS signature over <paramref name="signingInput"/> (the ASCII bytes of
    /// <c>header.payload</c>). False for an algorithm outside this key's allow-list, a
    /// signature of the wrong length, or a signature that does not verify.
    /// </summary>
    internal bool VerifySignature(JwsAlgorithm algorithm, ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature)
    {
        if ((AllowedAlgorithms & algorithm) == 0 || System.Numerics.BitOperations.PopCount((uint)algorithm) != 1)
        {
            return false;
        }

        try
        {
            Span<byte> hash = stackalloc byte[SigningInputHash.MaxLength];
            switch (KeyType)
            {
                case KeyType.Rsa:
                    if (signature.Length != _rsaSignatureBytes)
                    {
                        return false;
                    }

                    HashAlgorithmName hashName = JwsAlgorithms.Hash(algorithm);
                    hash = hash[..SigningInputHash.Compute(hashName, signingInput, hash)];
                    return _rsa!.VerifyHash(hash, signature, hashName, RSASignaturePadding.Pkcs1);
                case KeyType.EcP256:
                    if (signature.Length != 64)
                    {
                        return false;
                    }

                    hash = hash[..SigningInputHash.Compute(HashAlgorithmName.SHA256, signingInput, hash)];
                    return _ec!.VerifyHash(hash, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                default:
                    return signature.Length == 64 && SignatureAlgorithm.Ed25519.Verify(_ed!, signingInput, signature);
            }
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>The expected signature length for this key, in bytes.</summary>
    internal int SignatureLength => KeyType == KeyType.Rsa ? _rsaSignatureBytes : 64;

    private string ComputeThumbprint()
    {
        // RFC 7638 §3.2: required members only, lexicographic order, no whitespace.
        string canonical = KeyType switch
        {
            KeyType.Rsa => $"{{\"e\":\"{E}\",\"kty\":\"RSA\",\"n\":\"{N}\"}}",
            KeyType.EcP256 => $"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{X}\",\"y\":\"{Y}\"}}",
            _ => $"{{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"{X}\"}}",
        };
        return Base64UrlStrict.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(canonical)));
    }

    /// <inheritdoc/>
    public override string ToString() => $"{KeyType} key \"{Kid}\" ({string.Join(", ", Algorithms)})";
}
