using Latchkey.Server.Configuration;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Keys;

/// <summary>
/// Rereads the signing keys every <see cref="LatchkeyServerOptions.SigningKeyRefreshInterval"/>, so
/// a rotation made through any instance (or another process on the same database) reaches this one.
/// A failed read keeps the keys in memory and is retried at the next tick.
/// </summary>
internal sealed class SigningKeyRefresher(SigningKeyStore store, IOptions<LatchkeyServerOptions> options, TimeProvider time, ILogger<SigningKeyRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SigningKeyRefreshInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await store.ReloadAsync(stoppingToken);
                }
                catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException or Microsoft.EntityFrameworkCore.DbUpdateException or FormatException)
                {
                    Log.SigningKeysReloadFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
