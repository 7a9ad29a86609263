using System.Threading.RateLimiting;
using Latchkey.Server.Configuration;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Credentials;

/// <summary>
/// Per-identifier budget on credential attempts (System.Threading.RateLimiting fixed windows,
/// the same machinery as ASP.NET Core's middleware, which partitions per IP). The identifier
/// is only known after the body is read, so this limiter is applied by the services.
/// </summary>
internal sealed class IdentifierRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public IdentifierRateLimiter(IOptions<LatchkeyServerOptions> options)
    {
        var limits = options.Value.RateLimits;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limits.CredentialAttemptsPerIdentifier,
            Window = limits.Window,
            QueueLimit = 0,
        }));
        WindowSeconds = (int)Math.Ceiling(limits.Window.TotalSeconds);
    }

    public int WindowSeconds { get; }

    /// <summary>Takes one permit for the identifier; false when its budget is spent.</summary>
    public bool TryAcquire(string lockoutKey)
    {
        using var lease = _limiter.AttemptAcquire(lockoutKey);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
