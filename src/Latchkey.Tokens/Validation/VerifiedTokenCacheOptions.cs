namespace Latchkey.Tokens;

/// <summary>Bounds of a <see cref="VerifiedTokenCache"/>.</summary>
public sealed class VerifiedTokenCacheOptions
{
    /// <summary>Most tokens kept. Default 10,000; 1 to 1,000,000.</summary>
    public int MaxEntries { get; set; } = 10_000;

    /// <summary>Approximate memory budget for entries, in bytes (token text, claim set, result). Default 32 MiB.</summary>
    public long MaxMemoryBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Longest token cached, in characters; longer tokens are verified every time. Default 4,096 (a cookie's size).</summary>
    public int MaxCachedTokenLength { get; set; } = 4096;
}
