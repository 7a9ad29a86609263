namespace Latchkey.Tokens;

/// <summary>The kind of asymmetric key; each kind verifies exactly one algorithm family.</summary>
public enum KeyType
{
    /// <summary>RSA (≥ 2048 bits, e = 65537): RS256, RS384, RS512.</summary>
    Rsa = 0,

    /// <summary>ECDSA on NIST P-256: ES256.</summary>
    EcP256 = 1,

    /// <summary>Ed25519: EdDSA.</summary>
    Ed25519 = 2,
}
