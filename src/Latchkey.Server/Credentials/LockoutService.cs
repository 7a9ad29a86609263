using System.Security.Cryptography;
using System.Text;
using Latchkey.Server.Configuration;
using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Credentials;

/// <summary>
/// Lockout with exponential back-off per identifier. Counters live in the database (keyed by
/// a hash of the normalised identifier) so every instance sees them; unknown identifiers are
/// counted exactly like known ones, so lockout reveals nothing.
/// </summary>
/// <remarks>Each operation uses its own context, so counting never touches the caller's unit of work.</remarks>
internal sealed class LockoutService(IServiceScopeFactory scopes, IOptions<LatchkeyServerOptions> options, TimeProvider time)
{
    public static string KeyFor(string normalizedIdentifier) =>
        "id:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedIdentifier)));

    /// <summary>Seconds until the identifier may try again, or null when it is not locked.</summary>
    public async Task<int?> LockedForAsync(string key, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LatchkeyDbContext>();
        var lockedUntil = await db.FailedAttempts.AsNoTracking().Where(f => f.Key == key).Select(f => f.LockedUntil).FirstOrDefaultAsync(cancellationToken);
        return lockedUntil is { } until && until > now ? (int)Math.Ceiling((until - now).TotalSeconds) : null;
    }

    /// <summary>Counts a failure and returns the lockout in seconds it caused, if any. Retries on concurrent updates.</summary>
    public async Task<int?> RecordFailureAsync(string key, CancellationToken cancellationToken)
    {
        var limits = options.Value.RateLimits;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LatchkeyDbContext>();
        for (var attempt = 0; ; attempt++)
        {
            var now = time.GetUtcNow();
            var row = await db.FailedAttempts.FirstOrDefaultAsync(f => f.Key == key, cancellationToken);
            if (row is null)
            {
                row = new FailedAttemptEntity { Key = key, Failures = 0, LastFailureAt = now, Version = Guid.NewGuid() };
                db.FailedAttempts.Add(row);
            }
            else if (now - row.LastFailureAt > limits.FailureMemory)
            {
                row.Failures = 0;
                row.LockedUntil = null;
            }

            row.Failures++;
            row.LastFailureAt = now;
            row.Version = Guid.NewGuid();
            int? lockedFor = null;
            if (row.Failures >= limits.LockoutThreshold)
            {
                var exponent = Math.Min(row.Failures - limits.LockoutThreshold, 20);
                var duration = TimeSpan.FromTicks(Math.Min(limits.LockoutBaseDuration.Ticks * (1L << exponent), limits.LockoutMaximumDuration.Ticks));
                row.LockedUntil = now + duration;
                lockedFor = (int)Math.Ceiling(duration.TotalSeconds);
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return lockedFor;
            }
            catch (DbUpdateException e) when (attempt < 5 && StoreConflicts.IsConflict(e))
            {
                // Another request (maybe on another instance) counted a failure meanwhile: reload and count again.
                db.ChangeTracker.Clear();
            }
        }
    }

    public async Task ResetAsync(string key, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LatchkeyDbContext>();
        await db.FailedAttempts.Where(f => f.Key == key).ExecuteDeleteAsync(cancellationToken);
    }
}
