using Latchkey.Server.Clients;
using Latchkey.Server.Configuration;
using Latchkey.Server.Hosting;
using Latchkey.Server.Sessions;
using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Revocation;

/// <summary>
/// Keeps this instance's caches coherent with every other instance: reads the invalidation
/// rows committed since the last read (woken by a local commit or a PostgreSQL notification,
/// and at least every <see cref="RevocationOptions.PollInterval"/>), drops the sessions and
/// clients they name from memory, and wakes the revocation event streams. Because rows
/// become visible in sequence order, a cursor never skips one.
/// </summary>
internal sealed class InvalidationListener(
    IServiceScopeFactory scopes,
    SessionStateCache sessions,
    ClientIdentityCache clients,
    CacheCoherence coherence,
    InvalidationSignal signal,
    IOptions<LatchkeyServerOptions> options,
    TimeProvider time,
    ILogger<InvalidationListener> logger) : BackgroundService, IStartupStep
{
    private const int BatchSize = 500;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _cursor = -1;
    private bool _failing;

    /// <summary>The sequence of the last row read (-1 before start).</summary>
    public long Cursor => Interlocked.Read(ref _cursor);

    /// <summary>At start: caches are empty, so only rows committed from now on matter.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LatchkeyDbContext>();
        var high = await db.Invalidations.MaxAsync(i => (long?)i.Sequence, cancellationToken) ?? 0;
        Interlocked.Exchange(ref _cursor, high);
        coherence.Synced(started);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await signal.WaitForSyncRequestAsync(options.Value.Revocation.PollInterval, time, stoppingToken);
                await SyncAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Reads and applies every row committed since the last read; false when the database could not be read.</summary>
    public async Task<bool> SyncAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Cursor < 0)
            {
                // Start-up has not run (or failed): begin now, from the current end.
                await RunAsync(cancellationToken);
                return true;
            }

            var started = time.GetUtcNow();
            var applied = 0;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LatchkeyDbContext>();
            while (true)
            {
                var cursor = Cursor;
                var rows = await db.Invalidations.AsNoTracking()
                    .Where(i => i.Sequence > cursor)
                    .OrderBy(i => i.Sequence)
                    .Select(i => new { i.Sequence, i.Kind, i.SubjectId })
                    .Take(BatchSize)
                    .ToListAsync(cancellationToken);
                foreach (var row in rows)
                {
                    if (row.Kind == InvalidationKind.Session)
                    {
                        sessions.Invalidate(row.SubjectId);
                    }
                    else
                    {
                        clients.InvalidateClient(row.SubjectId);
                    }
                }

                applied += rows.Count;
                if (rows.Count > 0)
                {
                    Interlocked.Exchange(ref _cursor, rows[^1].Sequence);
                }

                if (rows.Count < BatchSize)
                {
                    break;
                }
            }

            if (_failing)
            {
                // Rows may have been deleted while this instance could not read them: start clean.
                sessions.Clear();
                clients.Clear();
                _failing = false;
                Log.InvalidationsRecovered(logger);
            }

            coherence.Synced(started);
            if (applied > 0)
            {
                signal.PublishChanged();
            }

            return true;
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            if (!_failing)
            {
                Log.InvalidationsUnreadable(logger, e.GetType().Name);
            }

            _failing = true;
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }
}
