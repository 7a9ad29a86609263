namespace Latchkey.Server.Storage;

/// <summary>Column lengths, shared by the entity configurations and input validation.</summary>
internal static class StorageLimits
{
    /// <summary>Prefixed random ids such as <c>user_...</c> (prefix + 27 characters).</summary>
    public const int Id = 40;

    /// <summary>RFC 5321 caps a path at 254 octets; 320 leaves room for what users type.</summary>
    public const int EmailAddress = 320;

    public const int Username = 64;

    public const int Name = 256;

    public const int PasswordHash = 256;

    /// <summary>SHA-256 digests.</summary>
    public const int Hash = 32;

    public const int Status = 32;

    /// <summary>A session's recorded <c>User-Agent</c> (longer values are truncated).</summary>
    public const int UserAgent = 512;

    /// <summary>Textual IPv4 or IPv6 address (an IPv4-mapped IPv6 address with a zone fits).</summary>
    public const int IpAddress = 64;

    /// <summary>Lockout counter keys: <c>id:</c> and the hex SHA-256 of the identifier (67 characters).</summary>
    public const int LockoutKey = 80;

    /// <summary>A shared rate-limit partition: <c>ip:</c> + an address, or a lockout key.</summary>
    public const int RateLimitKey = 96;

    /// <summary>DER public keys and encrypted PKCS#8 private keys (RSA-4096 fits).</summary>
    public const int KeyMaterial = 4096;

    /// <summary>One metadata object (public, private or unsafe) as JSON text: 8 KiB, as Clerk allows.</summary>
    public const int Metadata = 8192;

    /// <summary>Operator labels such as a secret key's name.</summary>
    public const int Label = 64;

    /// <summary>The JSON array of handshake Set-Cookie directives.</summary>
    public const int Directives = 16384;
}
