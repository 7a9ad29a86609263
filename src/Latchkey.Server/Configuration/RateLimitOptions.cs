namespace Latchkey.Server.Configuration;

/// <summary>
/// Request budgets and lockout (configuration section <c>Latchkey:RateLimits</c>). Budgets
/// are fixed windows of <see cref="Window"/> per partition; exceeding one answers 429 with
/// <c>Retry-After</c>. Lockout counters live in the database so every instance sees them.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Length of every rate-limit window. Default: 1 minute.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Requests per window and client IP address on credential endpoints (sign-in, sign-up, verification). Default: 30.</summary>
    public int CredentialRequestsPerIp { get; set; } = 30;

    /// <summary>Credential attempts per window and identifier (normalised email address or username). Default: 10.</summary>
    public int CredentialAttemptsPerIdentifier { get; set; } = 10;

    /// <summary>Requests per window and client IP address on the token endpoint. Default: 3,000 (a generous budget).</summary>
    public int TokenRequestsPerIp { get; set; } = 3_000;

    /// <summary>Requests per window and client IP address on every other Frontend API endpoint. Default: 600.</summary>
    public int OtherRequestsPerIp { get; set; } = 600;

    /// <summary>Requests per window and client IP address on the Backend API (callers are app servers holding a secret key). Default: 6,000.</summary>
    public int BackendRequestsPerIp { get; set; } = 6_000;

    /// <summary>
    /// On PostgreSQL, also count the per-IP and per-identifier credential budgets in the
    /// database, so they hold across all instances on it (one upsert per credential request that
    /// passes the in-memory budget). No effect on SQLite (one process). Default: true.
    /// </summary>
    public bool ShareCredentialBudgets { get; set; } = true;

    /// <summary>Consecutive failed credential attempts on one identifier before it is locked. Default: 5.</summary>
    public int LockoutThreshold { get; set; } = 5;

    /// <summary>Lockout after reaching the threshold; doubles with every further failure. Default: 30 seconds.</summary>
    public TimeSpan LockoutBaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Upper bound of one lockout. Default: 15 minutes.</summary>
    public TimeSpan LockoutMaximumDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Failures older than this are forgotten. Default: 1 hour.</summary>
    public TimeSpan FailureMemory { get; set; } = TimeSpan.FromHours(1);
}
