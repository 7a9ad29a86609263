using System.Collections.Concurrent;
using Latchkey.Server.Configuration;
using Latchkey.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Sessions;

/// <summary>
/// Session state for the mint path, served from memory for at most
/// <see cref="LatchkeyServerOptions.SessionCacheDuration"/>. Every status change made by this
/// process invalidates the entry at once; other processes see it after the cache duration
/// (cross-instance invalidation, e.g. LISTEN/NOTIFY, is not built yet).
/// </summary>
internal sealed class SessionStateCache(IServiceScopeFactory scopes, IOptions<LatchkeyServerOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, SessionState> _entries = new(StringComparer.Ordinal);

    public async Task<SessionState?> GetAsync(string sessionId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(sessionId, out var cached) && now - cached.LoadedAt < options.Value.SessionCacheDuration)
        {
            return cached;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LatchkeyDbContext>();
        var state = await db.Sessions.AsNoTracking()
            .Where(s => s.Id == sessionId)
            .Select(s => new SessionState(s.Id, s.ClientId, s.UserId, s.Status, s.ExpireAt, s.LastActiveAt, s.User!.Banned, now))
            .FirstOrDefaultAsync(cancellationToken);
        if (state is null)
        {
            _entries.TryRemove(sessionId, out _);
            return null;
        }

        _entries[sessionId] = state;
        return state;
    }

    public void Invalidate(string sessionId) => _entries.TryRemove(sessionId, out _);

    /// <summary>Drops every cached session of a user (ban, deletion, password change).</summary>
    public void InvalidateUser(string userId)
    {
        foreach (var (id, state) in _entries)
        {
            if (state.UserId == userId)
            {
                _entries.TryRemove(id, out _);
            }
        }
    }

    /// <summary>Drops entries older than the cache duration, so the dictionary does not grow without bound.</summary>
    public void Sweep()
    {
        var oldest = time.GetUtcNow() - options.Value.SessionCacheDuration;
        foreach (var (id, state) in _entries)
        {
            if (state.LoadedAt < oldest)
            {
                _entries.TryRemove(id, out _);
            }
        }
    }
}
