using Latchkey.Server.Configuration;
using Latchkey.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Credentials;

/// <summary>
/// Credential budgets counted in the database, so that they hold across every instance on one
/// PostgreSQL database: an attacker who spreads requests over N instances gets one budget, not
/// N. Fixed windows aligned on the wall clock (all instances agree on them); one upsert per
/// counted request. Applied after the in-memory limiter, which turns floods away before they
/// reach the database. SQLite serves one process, where the in-memory limiter is the whole story.
/// </summary>
internal sealed class SharedRateLimiter(IServiceScopeFactory scopes, IOptions<LatchkeyServerOptions> options, TimeProvider time)
{
    /// <summary>Whether budgets are shared (PostgreSQL with <see cref="RateLimitOptions.ShareCredentialBudgets"/>).</summary>
    public bool Enabled { get; } = options.Value.Database.EffectiveProvider == DatabaseProvider.PostgreSql && options.Value.RateLimits.ShareCredentialBudgets;

    /// <summary>Counts one request in <paramref name="key"/>'s window; seconds until the next window when over <paramref name="permits"/>, else null.</summary>
    public async Task<int?> TryTakeAsync(string key, int permits, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return null;
        }

        var windowMs = Math.Max(1, (long)options.Value.RateLimits.Window.TotalMilliseconds);
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var index = nowMs / windowMs;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LatchkeyDbContext>();
        // A newer window restarts the count; an instance whose clock lags counts into the newer one.
        var counts = await db.Database.SqlQuery<int>($"""
            INSERT INTO rate_limit_counters (key, window_index, count) VALUES ({key}, {index}, 1)
            ON CONFLICT (key) DO UPDATE SET
                count = CASE WHEN excluded.window_index > rate_limit_counters.window_index THEN 1 ELSE rate_limit_counters.count + 1 END,
                window_index = GREATEST(rate_limit_counters.window_index, excluded.window_index)
            RETURNING count AS "Value"
            """).ToListAsync(cancellationToken);
        return counts[0] <= permits ? null : (int)Math.Max(1, Math.Ceiling(((index + 1) * windowMs - nowMs) / 1000.0));
    }

    /// <summary>Deletes counters of windows that ended before the previous one.</summary>
    public async Task DeleteExpiredAsync(LatchkeyDbContext db, CancellationToken cancellationToken)
    {
        var windowMs = Math.Max(1, (long)options.Value.RateLimits.Window.TotalMilliseconds);
        var current = time.GetUtcNow().ToUnixTimeMilliseconds() / windowMs;
        await db.RateLimitCounters.Where(r => r.WindowIndex < current - 1).ExecuteDeleteAsync(cancellationToken);
    }
}
