namespace Latchkey.Server.Storage.Entities;

/// <summary>Handshake cookie directives stored under a one-time nonce (table <c>handshake_nonces</c>).</summary>
internal sealed class HandshakeNonceEntity
{
    /// <summary>SHA-256 of the nonce.</summary>
    public required byte[] NonceHash { get; set; }

    /// <summary>JSON array of Set-Cookie strings.</summary>
    public required string Directives { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
