using System.Security.Cryptography;
using Latchkey.Tokens.Internal;
using NSec.Cryptography;

namespace Latchkey.Tokens;

/// <summary>
/// A private key that signs tokens, with its key id and its one signing algorithm. The default
/// is RSA-2048 with e = 65537 and RS256, the only form Clerk's SDKs read from a PEM key; ES256
/// (P-256) and EdDSA (Ed25519, through libsodium via NSec because .NET has no Ed25519) are
/// opt-in and leave Clerk compatibility. Thread-safe for concurrent signing; dispose when the
/// key is no longer used.
/// </summary>
/// <example>
/// <code>
/// using var key = SigningKey.GenerateRsa("ins_2GIoQhbUpy0hX7B2cVkuTMinXoD");
/// File.WriteAllText("signing.pem", key.ExportPkcs8Pem());
/// string jwks = VerificationKeySet.Create(key.PublicKey).ToJwks().ToJson();
/// </code>
/// </example>
public sealed class SigningKey : IDisposable
{
    private static readonly byte[] Ed25519Pkcs8Prefix = Convert.FromHexString("302e020100300506032b657004220420");

    private readonly RSA? _rsa;
    private readonly ECDsa? _ec;
    private readonly Key? _ed;

    private SigningKey(string kid, string algorithm, RSA? rsa, ECDsa? ec, Key? ed)
    {
        Kid = kid;
        Algorithm = algorithm;
        AlgorithmId = JwsAlgorithms.Parse(algorithm);
        _rsa = rsa;
        _ec = ec;
        _ed = ed;
        if (rsa is not null)
        {
            KeyType = KeyType.Rsa;
            var publicRsa = RSA.Create();
            publicRsa.ImportParameters(rsa.ExportParameters(false));
            PublicKey = VerificationKey.CreateRsa(kid, publicRsa, AlgorithmId);
            SignatureLength = PublicKey.SignatureLength;
        }
        else if (ec is not null)
        {
            KeyType = KeyType.EcP256;
            PublicKey = VerificationKey.CreateEc(kid, ECDsa.Create(ec.ExportParameters(false)), JwsAlgorithm.ES256);
            SignatureLength = 64;
        }
        else
        {
            KeyType = KeyType.Ed25519;
            PublicKey = VerificationKey.CreateEd25519(kid, ed!.PublicKey.Export(KeyBlobFormat.RawPublicKey), JwsAlgorithm.EdDSA);
            SignatureLength = 64;
        }
    }

    /// <summary>The key id written to the token header <c>kid</c> and to the JWKS.</summary>
    public string Kid { get; }

    /// <summary>The signing algorithm written to the token header <c>alg</c>.</summary>
    public string Algorithm { get; }

    /// <summary>The key type.</summary>
    public KeyType KeyType { get; }

    /// <summary>The public half, bound to <see cref="Algorithm"/>.</summary>
    public VerificationKey PublicKey { get; }

    internal JwsAlgorithm AlgorithmId { get; }

    internal int SignatureLength { get; }

    /// <summary>Generates an RSA key (default 2048 bits, e = 65537) signing with RS256 (or RS384/RS512).</summary>
    /// <param name="kid">The key id; Clerk uses the instance id (<c>ins_...</c>).</param>
    /// <param name="keySizeInBits">Modulus size; 2048 (the default, what Clerk's PEM reader expects) to 8192.</param>
    /// <param name="algorithm"><see cref="SigningAlgorithms.RS256"/> (default), RS384 or RS512.</param>
    public static SigningKey GenerateRsa(string kid, int keySizeInBits = 2048, string algorithm = SigningAlgorithms.RS256)
    {
        KeyRules.ValidateKid(kid, nameof(kid));
        if (keySizeInBits is < KeyRules.MinRsaBits or > KeyRules.MaxRsaBits || keySizeInBits % 8 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(keySizeInBits), keySizeInBits, "RSA keys must have 2048 to 8192 bits, a multiple of 8.");
        }

        RequireFamily(algorithm, JwsAlgorithm.AllRsa, KeyType.Rsa);
        return new SigningKey(kid, algorithm, RSA.Create(keySizeInBits), null, null);
    }

    /// <summary>Generates a P-256 key signing with ES256 (not Clerk compatible).</summary>
    public static SigningKey GenerateEcP256(string kid)
    {
        KeyRules.ValidateKid(kid, nameof(kid));
        return new SigningKey(kid, SigningAlgorithms.ES256, null, ECDsa.Create(ECCurve.NamedCurves.nistP256), null);
    }

    /// <summary>Generates an Ed25519 key signing with EdDSA (not Clerk compatible).</summary>
    public static SigningKey GenerateEd25519(string kid)
    {
        KeyRules.ValidateKid(kid, nameof(kid));
        var key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        return new SigningKey(kid, SigningAlgorithms.EdDSA, null, null, key);
    }

    /// <summary>
    /// Imports a PKCS#8 private key (PEM label <c>PRIVATE KEY</c>): RSA, EC P-256 or Ed25519.
    /// </summary>
    /// <param name="pem">The PEM text holding exactly one unencrypted PKCS#8 key.</param>
    /// <param name="kid">The key id.</param>
    /// <param name="algorithm">For RSA keys: RS256 (default), RS384 or RS512; ignored otherwise unless it contradicts the key.</param>
    /// <exception cref="FormatException">The PEM is not an acceptable private key (the message says why).</exception>
    public static SigningKey FromPkcs8Pem(string pem, string kid, string? algorithm = null)
    {
        KeyRules.ValidateKid(kid, nameof(kid));
        byte[] der = PemKeyInfo.ReadSingle(pem, "PRIVATE KEY");
        try
        {
            KeyType type = PemKeyInfo.Classify(der, isPrivate: true);
            switch (type)
            {
                case KeyType.Rsa:
                    string rsaAlgorithm = algorithm ?? SigningAlgorithms.RS256;
                    RequireFamily(rsaAlgorithm, JwsAlgorithm.AllRsa, KeyType.Rsa);
                    var rsa = RSA.Create();
                    rsa.ImportPkcs8PrivateKey(der, out int read);
                    string? problem = read != der.Length ? "the PKCS#8 key has trailing data" : KeyRules.CheckRsa(rsa.ExportParameters(false));
                    if (problem is not null)
                    {
                        rsa.Dispose();
                        throw new FormatException(char.ToUpperInvariant(problem[0]) + problem[1..] + ".");
                    }

                    return new SigningKey(kid, rsaAlgorithm, rsa, null, null);
                case KeyType.EcP256:
                    RequireFamily(algorithm ?? SigningAlgorithms.ES256, JwsAlgorithm.ES256, KeyType.EcP256);
                    var ec = ECDsa.Create();
                    ec.ImportPkcs8PrivateKey(der, out read);
                    if (read != der.Length)
                    {
                        throw new FormatException("The PKCS#8 key has trailing data.");
                    }

                    return new SigningKey(kid, SigningAlgorithms.ES256, null, ec, null);
                default:
                    RequireFamily(algorithm ?? SigningAlgorithms.EdDSA, JwsAlgorithm.EdDSA, KeyType.Ed25519);
                    if (der.Length != Ed25519Pkcs8Prefix.Length + 32 || !der.AsSpan(0, Ed25519Pkcs8Prefix.Length).SequenceEqual(Ed25519Pkcs8Prefix))
                    {
                        throw new FormatException("The Ed25519 key is not a plain 32-byte PKCS#8 private key.");
                    }

                    var ed = Key.Import(SignatureAlgorithm.Ed25519, der.AsSpan(Ed25519Pkcs8Prefix.Length), KeyBlobFormat.RawPrivateKey,
                        new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
                    return new SigningKey(kid, SigningAlgorithms.EdDSA, null, null, ed);
            }
        }
        catch (CryptographicException e)
        {
            throw new FormatException("The private key could not be imported: " + e.Message, e);
        }
    }

    private static void RequireFamily(string algorithm, JwsAlgorithm family, KeyType type)
    {
        JwsAlgorithm parsed = JwsAlgorithms.Parse(algorithm);
        if (parsed == JwsAlgorithm.None || (parsed & family) == 0)
        {
            throw new ArgumentException($"Algorithm \"{algorithm}\" cannot sign with a {type} key.", nameof(algorithm));
        }
    }

    /// <summary>Exports the private key as unencrypted PKCS#8 PEM (PEM label <c>PRIVATE KEY</c>). Store it encrypted.</summary>
    public string ExportPkcs8Pem()
    {
        if (_rsa is not null)
        {
            return _rsa.ExportPkcs8PrivateKeyPem();
        }

        if (_ec is not null)
        {
            return _ec.ExportPkcs8PrivateKeyPem();
        }

        byte[] der = [.. Ed25519Pkcs8Prefix, .. _ed!.Export(KeyBlobFormat.RawPrivateKey)];
        try
        {
            return new string(PemEncoding.Write("PRIVATE KEY", der));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    }

    /// <summary>Signs the JWS signing input into <paramref name="destination"/> (at least <see cref="SignatureLength"/> bytes).</summary>
    internal int Sign(ReadOnlySpan<byte> signingInput, Span<byte> destination)
    {
        int written;
        if (_rsa is not null)
        {
            if (!_rsa.TrySignData(signingInput, destination, JwsAlgorithms.Hash(AlgorithmId), RSASignaturePadding.Pkcs1, out written))
            {
                throw new CryptographicException("The RSA signature did not fit its buffer.");
            }

            return written;
        }

        if (_ec is not null)
        {
            if (!_ec.TrySignData(signingInput, destination, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation, out written))
            {
                throw new CryptographicException("The ECDSA signature did not fit its buffer.");
            }

            return written;
        }

        SignatureAlgorithm.Ed25519.Sign(_ed!, signingInput, destination[..64]);
        return 64;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _rsa?.Dispose();
        _ec?.Dispose();
        _ed?.Dispose();
    }

    /// <inheritdoc/>
    public override string ToString() => $"{KeyType} signing key \"{Kid}\" ({Algorithm})";
}
