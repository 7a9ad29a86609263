namespace Latchkey.Server.Storage.Entities;

/// <summary>A token signing key (table <c>signing_keys</c>); the private part is encrypted with the KEK.</summary>
internal sealed class SigningKeyEntity
{
    /// <summary>The key id (<c>kid</c>), e.g. <c>ins_...</c>.</summary>
    public required string Id { get; set; }

    /// <summary>JWS algorithm, e.g. <c>RS256</c>.</summary>
    public required string Algorithm { get; set; }

    /// <summary>SubjectPublicKeyInfo (DER) of the public key.</summary>
    public required byte[] PublicKey { get; set; }

    /// <summary>AES-256-GCM ciphertext of the PKCS#8 private key: nonce (12) | tag (16) | ciphertext.</summary>
    public required byte[] EncryptedPrivateKey { get; set; }

    /// <summary>Identifies the KEK that encrypted <see cref="EncryptedPrivateKey"/> (first bytes of its SHA-256, hex).</summary>
    public required string KeyEncryptionKeyId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// When the key starts signing; null means at <see cref="CreatedAt"/>. A rotation publishes the
    /// new key first and lets it sign one refresh interval later, so every instance publishes it
    /// before any instance signs with it.
    /// </summary>
    public DateTimeOffset? ActivatesAt { get; set; }

    /// <summary>When the key stopped signing; null while it is the current key.</summary>
    public DateTimeOffset? RetiredAt { get; set; }

    public Guid Version { get; set; }
}
