using Latchkey.Server.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Latchkey.Server.Revocation;

/// <summary>
/// PostgreSQL only: holds one connection that LISTENs on <see cref="Channel"/>. The trigger on
/// the invalidations table sends a notification, which PostgreSQL delivers when the writing
/// transaction commits; each wakes the <see cref="InvalidationListener"/>. A lost connection
/// is reopened with back-off (1 s doubling to 30 s) while the listener's poll covers the gap.
/// </summary>
internal sealed class PostgresNotifications(
    InvalidationSignal signal,
    IOptions<LatchkeyServerOptions> options,
    TimeProvider time,
    ILogger<PostgresNotifications> logger) : BackgroundService
{
    /// <summary>The notification channel (also named in the PostgreSQL migration's trigger).</summary>
    public const string Channel = "latchkey_invalidations";

    /// <summary>The listening connection's <c>application_name</c> (visible in <c>pg_stat_activity</c>).</summary>
    public const string ApplicationName = "latchkey-notifications";

    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    /// <summary>Whether the connection is listening now (for tests and diagnostics).</summary>
    public bool IsListening { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = FirstRetry;
        var builder = new NpgsqlConnectionStringBuilder(Storage.StorageServiceCollectionExtensions.WithTimeouts(options.Value))
        {
            // A dedicated session: never returned to a pool with LISTEN active; keepalives find a dead peer.
            Pooling = false,
            KeepAlive = 15,
            ApplicationName = ApplicationName,
        };
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                connection.Notification += (_, _) => signal.RequestSync();
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                IsListening = true;
                retry = FirstRetry;
                Log.NotificationsListening(logger);
                // Anything committed while not listening is read now.
                signal.RequestSync();
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or IOException or TimeoutException or InvalidOperationException)
            {
                IsListening = false;
                Log.NotificationsLost(logger, e.GetType().Name, (int)retry.TotalSeconds);
            }

            try
            {
                await Task.Delay(retry, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            retry = retry * 2 > LastRetry ? LastRetry : retry * 2;
        }
    }
}
