namespace Latchkey.Server.Configuration;

/// <summary>
/// Password rules and PBKDF2-HMAC-SHA256 parameters (configuration section
/// <c>Latchkey:Passwords</c>). The parameters are stored in each hash, so changing them
/// affects new hashes only; older hashes are upgraded at the next successful sign-in.
/// </summary>
public sealed class PasswordHashingOptions
{
    /// <summary>OWASP's current recommendation for PBKDF2-HMAC-SHA256 (2023 cheat sheet).</summary>
    public const int RecommendedIterations = 600_000;

    /// <summary>PBKDF2 iteration count. Default: 600,000. Production instances require at least that.</summary>
    public int Iterations { get; set; } = RecommendedIterations;

    /// <summary>Minimum password length in characters. Default: 8.</summary>
    public int MinimumLength { get; set; } = 8;

    /// <summary>Maximum password length in characters. Default: 256.</summary>
    public int MaximumLength { get; set; } = 256;

    /// <summary>
    /// Password hashes (sign-in checks, sign-up hashes) computed at once per process; the rest
    /// wait their turn without holding a thread. Default: half the processor count, at least 1,
    /// so token refreshes keep the other cores during a credential-stuffing attack. Range 1–1024.
    /// </summary>
    public int MaxConcurrentHashes { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Requests that may wait for a hashing turn; beyond this a sign-in or sign-up answers 429 (<c>Retry-After: 1</c>). Default: 64. Range 0–100,000.</summary>
    public int HashQueueLimit { get; set; } = 64;
}
