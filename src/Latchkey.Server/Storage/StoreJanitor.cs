using Microsoft.EntityFrameworkCore;

namespace Latchkey.Server.Storage;

/// <summary>
/// Removes rows that can no longer be used: abandoned sign-in/sign-up attempts, spent or
/// expired email codes, expired handshake nonces, forgotten lockout counters. Runs hourly;
/// safe on several instances at once (plain deletes by time).
/// </summary>
internal sealed class StoreJanitor(IServiceScopeFactory scopes, TimeProvider time, ILogger<StoreJanitor> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    private static readonly TimeSpan Grace = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await SweepAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - Grace;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LatchkeyDbContext>();
            await db.EmailCodes.Where(c => c.ExpiresAt < cutoff).ExecuteDeleteAsync(cancellationToken);
            await db.HandshakeNonces.Where(n => n.ExpiresAt < time.GetUtcNow()).ExecuteDeleteAsync(cancellationToken);
            await db.SignInAttempts.Where(a => a.AbandonAt < cutoff).ExecuteDeleteAsync(cancellationToken);
            await db.SignUpAttempts.Where(a => a.AbandonAt < cutoff).ExecuteDeleteAsync(cancellationToken);
            await db.FailedAttempts.Where(f => f.LastFailureAt < cutoff && (f.LockedUntil == null || f.LockedUntil < cutoff)).ExecuteDeleteAsync(cancellationToken);
            await scope.ServiceProvider.GetRequiredService<Credentials.SharedRateLimiter>().DeleteExpiredAsync(db, cancellationToken);
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException or InvalidOperationException)
        {
            Log.JanitorFailed(logger, e);
        }
    }
}
