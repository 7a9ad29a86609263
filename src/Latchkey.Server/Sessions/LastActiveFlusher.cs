using Latchkey.Server.Configuration;
using Latchkey.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Sessions;

/// <summary>Writes batched last-active times every <see cref="LatchkeyServerOptions.LastActiveFlushInterval"/> and at shutdown.</summary>
internal sealed class LastActiveFlusher(
    LastActiveTracker tracker,
    SessionStateCache sessions,
    Clients.ClientIdentityCache clients,
    IServiceScopeFactory scopes,
    IOptions<LatchkeyServerOptions> options,
    TimeProvider time,
    ILogger<LastActiveFlusher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.LastActiveFlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
                sessions.Sweep();
                clients.Sweep();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(CancellationToken.None);
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var batch = tracker.Snapshot();
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LatchkeyDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var statement = new LastActiveUpdate(db);
            foreach (var chunk in batch.Chunk(LastActiveUpdate.ChunkSize))
            {
                await db.Database.ExecuteSqlRawAsync(statement.Sql(chunk.Length), statement.Parameters(chunk), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            // Cached states keep their load-time value; bring them up to what was just written
            // before the batch stops being visible as pending.
            sessions.ApplyLastActive(batch);
            tracker.Acknowledge(batch);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException or OperationCanceledException)
        {
            Log.LastActiveFlushFailed(logger, e, batch.Count);
        }
    }
}
