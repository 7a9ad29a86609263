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
internal sealed class SessionStateCache(IServiceScopeFactory scopes, CacheCoherence coherence, IOptions<LatchkeyServerOptions> options, TimeProvider time, ILogger<SessionStateCache> logger)
{
    // Compiled once: a cache miss (every session once per cache duration) skips EF Core's
    // per-call expression-tree work; the SQL and the checks are the same.
    private static readonly PerModelQuery<Func<LatchkeyDbContext, string, DateTimeOffset, CancellationToken, Task<SessionState?>>> LoadAsync = new(() =>
        EF.CompileAsyncQuery((LatchkeyDbContext db, string sessionId, DateTimeOffset now, CancellationToken cancellationToken) =>
            db.Sessions.AsNoTracking()
                .Where(s => s.Id == sessionId)
                .Select(s => new SessionState(s.Id, s.ClientId, s.UserId, s.Status, s.ExpireAt, s.LastActiveAt, s.User!.Banned, now))
                .FirstOrDefault()));

    // The same row, plus the client that a __client token hash names (what ClientResolver asks):
    // when a mint finds neither in memory, one round trip instead of two.
    private static readonly PerModelQuery<Func<LatchkeyDbContext, string, byte[], DateTimeOffset, CancellationToken, Task<SessionAndClient?>>> LoadWithClientQueryAsync = new(() =>
        EF.CompileAsyncQuery((LatchkeyDbContext db, string sessionId, byte[] clientTokenHash, DateTimeOffset now, CancellationToken cancellationToken) =>
            db.Sessions.AsNoTracking()
                .Where(s => s.Id == sessionId)
                .Select(s => new SessionAndClient(
                    new SessionState(s.Id, s.ClientId, s.UserId, s.Status, s.ExpireAt, s.LastActiveAt, s.User!.Banned, now),
                    db.Clients.Where(c => c.TokenHash == clientTokenHash && c.CookieExpiresAt > now).Select(c => c.Id).FirstOrDefault()))
                .FirstOrDefault()));

    private readonly ConcurrentDictionary<string, SessionState> _entries = new(StringComparer.Ordinal);
    private int _outageLogged;

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
        SessionState? state;
        try
        {
            state = await LoadAsync.For(db)(db, sessionId, now, cancellationToken);
        }
        catch (Exception e) when (StoreUnavailable.Is(e) && TryServeThroughOutage(sessionId, e, out var stale))
        {
            return stale;
        }

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

    /// <summary>
    /// Loads the session unless it is cached and fresh, and in the same query the client that
    /// <paramref name="clientTokenHash"/> names, which goes into <paramref name="clients"/>
    /// exactly as <see cref="Clients.ClientResolver"/> would have put it there (token hash
    /// matches, cookie not expired). Nothing is decided here: the caller then resolves the
    /// client and the session as usual, from memory. Like <see cref="GetAsync"/>, a value read
    /// while an invalidation ran is not kept.
    /// </summary>
    public async Task LoadWithClientAsync(string sessionId, byte[] clientTokenHash, Clients.ClientIdentityCache clients, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(sessionId, out var cached) && now - cached.LoadedAt < options.Value.SessionCacheDuration && coherence.IsTrusted)
        {
            return;
        }

        var epoch = coherence.Epoch;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LatchkeyDbContext>();
        SessionAndClient? row;
        try
        {
            row = await LoadWithClientQueryAsync.For(db)(db, sessionId, clientTokenHash, now, cancellationToken);
        }
        catch (Exception e) when (StoreUnavailable.Is(e) && TryServeThroughOutage(sessionId, e, out _))
        {
            // The caller resolves the client and the session next, from memory as well.
            return;
        }

        if (row is null)
        {
            _entries.TryRemove(sessionId, out _);
            return;
        }

        _entries[sessionId] = row.State;
        if (coherence.Epoch != epoch)
        {
            _entries.TryRemove(sessionId, out _);
            return;
        }

        if (row.ClientId is not null)
        {
            clients.Set(clientTokenHash, row.ClientId, epoch);
        }
    }

    /// <summary>
    /// The database cannot be read: with <see cref="RevocationOptions.DatabaseOutageGrace"/> set and
    /// still running, the entry in memory (whatever its age; every invalidation read before the
    /// outage has already removed what it named) is served instead of failing the mint.
    /// </summary>
    private bool TryServeThroughOutage(string sessionId, Exception error, out SessionState? stale)
    {
        stale = null;
        if (!coherence.IsWithinOutageGrace || !_entries.TryGetValue(sessionId, out var cached))
        {
            return false;
        }

        if (Interlocked.Exchange(ref _outageLogged, 1) == 0)
        {
            Log.MintingThroughOutage(logger, error.GetType().Name);
        }

        stale = cached;
        return true;
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
        Interlocked.Exchange(ref _outageLogged, 0);
        _entries.Clear();
    }

    /// <summary>Drops entries older than the cache duration (plus the outage grace), so the dictionary does not grow without bound.</summary>
    public void Sweep()
    {
        var oldest = time.GetUtcNow() - coherence.RetentionFor(options.Value.SessionCacheDuration);
        foreach (var (id, state) in _entries)
        {
            if (state.LoadedAt < oldest)
            {
                _entries.TryRemove(id, out _);
            }
        }
    }
}

/// <summary>A session's state and the id of the client a token hash names (null when none).</summary>
internal sealed record SessionAndClient(SessionState State, string? ClientId);
