namespace Latchkey.Tokens;

/// <summary>
/// The JWS algorithms Latchkey signs and verifies (RFC 7518 names, case-sensitive). The
/// allow-list is closed: <c>none</c>, HMAC (<c>HS*</c>), RSA-PSS (<c>PS*</c>) and other curves
/// never verify. <see cref="RS256"/> is the default and the only one Clerk's SDKs read from a
/// PEM key; <see cref="ES256"/> and <see cref="EdDSA"/> leave Clerk compatibility.
/// </summary>
public static class SigningAlgorithms
{
    /// <summary>RSASSA-PKCS1-v1_5 with SHA-256 (the default; RSA-2048, e = 65537).</summary>
    public const string RS256 = "RS256";

    /// <summary>RSASSA-PKCS1-v1_5 with SHA-384.</summary>
    public const string RS384 = "RS384";

    /// <summary>RSASSA-PKCS1-v1_5 with SHA-512.</summary>
    public const string RS512 = "RS512";

    /// <summary>ECDSA on P-256 with SHA-256, signature as the fixed 64-byte r‖s (opt-in, not Clerk compatible).</summary>
    public const string ES256 = "ES256";

    /// <summary>Ed25519 (RFC 8037; opt-in, not Clerk compatible).</summary>
    public const string EdDSA = "EdDSA";

    /// <summary>Every algorithm of the allow-list.</summary>
    public static IReadOnlyList<string> All { get; } = [RS256, RS384, RS512, ES256, EdDSA];
}
