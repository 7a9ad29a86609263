using Latchkey.Server.Configuration;
using Latchkey.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Revocation;

/// <summary>
/// Deletes invalidation rows once everything they concern has expired (feed entries
/// <see cref="RevocationOptions.RetentionGrace"/> after their <c>expires_at</c>), every
/// <see cref="RevocationOptions.JanitorInterval"/>. Safe on several instances at once (a
/// plain delete by time).
/// </summary>
internal sealed class RevocationJanitor(IServiceScopeFactory scopes, IOptions<LatchkeyServerOptions> options, TimeProvider time, ILogger<RevocationJanitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Revocation.JanitorInterval, time);
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

    /// <summary>Deletes expired rows; returns how many (0 when the database could not be reached).</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.Value.Revocation.RetentionGrace;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LatchkeyDbContext>();
            return await db.Invalidations.Where(i => i.ExpiresAt <= cutoff).ExecuteDeleteAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException or InvalidOperationException)
        {
            Log.JanitorFailed(logger, e);
            return 0;
        }
    }
}
