using System.Collections.Concurrent;
using Latchkey.AspNetCore.BackendApi;
using Microsoft.Extensions.Logging;

namespace Latchkey.AspNetCore.Revocation;

/// <summary>
/// The process-wide revocation feed followers, one per (Backend API URL, secret key): schemes
/// of the same instance share one, two instances never do. A follower survives a scheme
/// rebuild (options reload); all stop when the application stops.
/// </summary>
internal sealed class RevocationFeedRegistry(TimeProvider time, ILoggerFactory loggers) : IAsyncDisposable, IDisposable
{
    private readonly ConcurrentDictionary<(string ApiUrl, string SecretKey), Lazy<RevocationFeedFollower>> _followers = new();
    private volatile bool _stopped;

    /// <summary>The running follower for this instance, started on first use; null once the application is stopping.</summary>
    public RevocationFeedFollower? GetOrStart(BackendApiClient api, string secretKey, LatchkeyRevocationOptions options, TimeSpan clockSkew)
    {
        if (_stopped)
        {
            return null;
        }

        var follower = _followers.GetOrAdd((api.ApiUrl.AbsoluteUri, secretKey), _ => new Lazy<RevocationFeedFollower>(() =>
            new RevocationFeedFollower(api, options, clockSkew, time, loggers.CreateLogger("Latchkey.AspNetCore.Revocation")))).Value;
        follower.Start();
        return follower;
    }

    public int Count => _followers.Count;

    /// <summary>
    /// Signals every follower to stop without waiting for its loops: a container disposed
    /// synchronously (<c>ServiceProvider.Dispose()</c>) must not throw because of this registry.
    /// </summary>
    public void Dispose()
    {
        _stopped = true;
        foreach (var follower in _followers.Values)
        {
            if (follower.IsValueCreated)
            {
                follower.Value.Stop();
            }
        }
    }

    /// <summary>Stops every follower (their open streams close).</summary>
    public async ValueTask DisposeAsync()
    {
        _stopped = true;
        foreach (var follower in _followers.Values)
        {
            if (follower.IsValueCreated)
            {
                await follower.Value.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
