using System.Collections.Concurrent;
using Latchkey.Server.Configuration;
using Latchkey.Server.Revocation;
using Latchkey.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Sessions;

/// <summary>
/// Session state for the mint path, served from memory for at most
/// <see cref="LatchkeyServerOptions.SessionCacheDuration"/>. A status change through any
/// instance invalidates the entry on every instance: through the invalidation rows that the
/// <see cref="InvalidationListener"/> follows (PostgreSQL notifications, polling). Entries are
/// served only while that listener is current (<see cref="CacheCoherence.IsTrusted"/>), and a
/// value read before an invalidation is never stored after it.
/// </summary>
internal sealed class SessionStateCache(IServiceScopeFactory scopes, CacheCoherence coherence, IOptions<LatchkeyServerOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, SessionState> _entries = new(StringComparer.Ordinal);

    public async Task<SessionState?> GetAsync(string sessionId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(sessionId, out var cached) && now - cached.LoadedAt < options.Value.SessionCacheDuration && coherence.IsTrusted)
        {
            return cached;
        }

        var epoch = coherence.Epoch;
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
        if (coherence.Epoch != epoch)
        {
            // An invalidation ran during the read: the value may predate it; use it once, keep nothing.
            _entries.TryRemove(sessionId, out _);
        }

        return state;
    }

    public void Invalidate(string sessionId)
    {
        coherence.Invalidated();
        _entries.TryRemove(sessionId, out _);
    }

    /// <summary>Drops every cached session of a user (ban, deletion, password change).</summary>
    public void InvalidateUser(string userId)
    {
        coherence.Invalidated();
        foreach (var (id, state) in _entries)
        {
            if (state.UserId == userId)
            {
                _entries.TryRemove(id, out _);
            }
        }
    }

    /// <summary>
    /// Raises cached last-active times to values just committed by the flusher. Bumps the
    /// epoch first, so a state read from the database before that commit is not stored.
    /// </summary>
    public void ApplyLastActive(IReadOnlyDictionary<string, DateTimeOffset> written)
    {
        coherence.Invalidated();
        foreach (var (id, at) in written)
        {
            if (_entries.TryGetValue(id, out var state) && state.LastActiveAt < at)
            {
                _entries.TryUpdate(id, state with { LastActiveAt = at }, state);
            }
        }
    }

    /// <summary>Drops everything (after invalidations may have been missed).</summary>
    public void Clear()
    {
        coherence.Invalidated();
        _entries.Clear();
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
