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
    private readonly SharedRateLimiter _shared;
    private readonly int _permits;

    public IdentifierRateLimiter(IOptions<LatchkeyServerOptions> options, SharedRateLimiter shared)
    {
        var limits = options.Value.RateLimits;
        _shared = shared;
        _permits = limits.CredentialAttemptsPerIdentifier;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limits.CredentialAttemptsPerIdentifier,
            Window = limits.Window,
            QueueLimit = 0,
        }));
        WindowSeconds = (int)Math.Ceiling(limits.Window.TotalSeconds);
    }

    public int WindowSeconds { get; }

    /// <summary>
    /// Takes one permit for the identifier, from this process's budget and (on PostgreSQL) from
    /// the budget every instance shares; false when either is spent.
    /// </summary>
    public async Task<bool> TryAcquireAsync(string lockoutKey, CancellationToken cancellationToken)
    {
        using (var lease = _limiter.AttemptAcquire(lockoutKey))
        {
            if (!lease.IsAcquired)
            {
                return false;
            }
        }

        return await _shared.TryTakeAsync(lockoutKey, _permits, cancellationToken) is null;
    }

    public void Dispose() => _limiter.Dispose();
}
