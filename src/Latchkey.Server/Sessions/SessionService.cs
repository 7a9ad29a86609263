using Latchkey.Server.Audit;
using Latchkey.Server.Clients;
using Latchkey.Server.Crypto;
using Latchkey.Server.Revocation;
using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Latchkey.Server.Sessions;

/// <summary>
/// Creates sessions at sign-in and changes their status; the caller saves. Every path that
/// ends a signed-in session goes through <see cref="SetStatus"/>, which adds the revocation
/// feed entry to the same unit of work, so the status change and the entry commit together.
/// </summary>
internal sealed class SessionService(
    LatchkeyDbContext db,
    ClientService clients,
    SessionLifetime lifetime,
    SessionStateCache cache,
    InvalidationWriter invalidations,
    AuditLog audit,
    TimeProvider time,
    ILogger<SessionService> logger)
{
    /// <summary>
    /// Signs <paramref name="user"/> in on <paramref name="client"/>: a new active session (or
    /// the user's existing one on this client), made the last active one; the <c>__client</c>
    /// token is rotated.
    /// </summary>
    public async Task<SessionEntity> SignInAsync(HttpContext http, ClientEntity client, UserEntity user, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var existing = await db.Sessions.Where(s => s.ClientId == client.Id && s.UserId == user.Id && s.Status == SessionStatus.Active)
            .ToListAsync(cancellationToken);
        var session = existing.FirstOrDefault(s => lifetime.EffectiveStatus(s.Status, s.ExpireAt, s.LastActiveAt, now) == SessionStatus.Active);
        if (session is null)
        {
            session = new SessionEntity
            {
                Id = SecureRandom.Id("sess"),
                ClientId = client.Id,
                UserId = user.Id,
                Status = SessionStatus.Active,
                CreatedAt = now,
                UpdatedAt = now,
                LastActiveAt = now,
                ExpireAt = lifetime.ExpireAtFor(now),
                Version = Guid.NewGuid(),
                User = user,
                UserAgent = Device(http.Request.Headers.UserAgent.ToString(), StorageLimits.UserAgent),
                IpAddress = Device(http.Connection.RemoteIpAddress?.ToString(), StorageLimits.IpAddress),
            };
            db.Sessions.Add(session);
            audit.Add("session.created", user.Id, session.Id, client.Id);
            Log.SessionCreated(logger, session.Id, user.Id);
        }

        // A sign-in stamps times only: it keeps the user's concurrency token, so devices of one
        // user signing in at once do not refuse each other (last write wins on the stamps), while
        // a concurrent account change (new token) still makes this update fail rather than be lost.
        user.LastSignInAt = now;
        user.UpdatedAt = now;
        client.LastActiveSessionId = session.Id;
        client.SignInAttemptId = null;
        client.SignUpAttemptId = null;
        clients.RotateToken(http, client);
        clients.Touch(client);
        return session;
    }

    /// <summary>What the account page shows about a device: trimmed, control characters dropped, bounded.</summary>
    private static string? Device(string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var clean = new string([.. value.Where(c => !char.IsControl(c))]).Trim();
        return clean.Length == 0 ? null : clean.Length > maxLength ? clean[..maxLength] : clean;
    }

    /// <summary>
    /// Moves a session to a final status (ended, removed, revoked, expired) and drops it from
    /// the cache. Ending an active session by anything but expiry writes a revocation feed entry
    /// with <paramref name="feedReason"/> (default: the status, see <see cref="RevocationReasons"/>);
    /// <paramref name="reason"/> is free text for the audit log.
    /// </summary>
    public void SetStatus(SessionEntity session, string status, string reason, string? feedReason = null)
    {
        if (session.Status == status)
        {
            return;
        }

        if (session.Status == SessionStatus.Active && (feedReason ?? RevocationReasons.ForStatus(status)) is { } published)
        {
            invalidations.SessionEnded(session, published);
        }

        var now = time.GetUtcNow();
        session.Status = status;
        session.UpdatedAt = now;
        session.EndedAt ??= now;
        session.Version = Guid.NewGuid();
        cache.Invalidate(session.Id);
        audit.Add("session." + status, session.UserId, session.Id, session.ClientId, reason);
        Log.SessionStatusChanged(logger, session.Id, status);
    }

    /// <summary>
    /// Creates an active session for <paramref name="user"/> on a new client that no browser holds
    /// (Backend API <c>POST /v1/sessions</c>, for tests and automation): its tokens come from the
    /// Backend API only.
    /// </summary>
    public SessionEntity CreateDetached(UserEntity user, string reason)
    {
        var now = time.GetUtcNow();
        var client = new ClientEntity
        {
            Id = SecureRandom.Id("client"),
            // A random hash that no cookie value maps to: no browser can present this client.
            TokenHash = SecureRandom.Hash(SecureRandom.Token()),
            CreatedAt = now,
            UpdatedAt = now,
            CookieExpiresAt = now,
            Version = Guid.NewGuid(),
        };
        var session = new SessionEntity
        {
            Id = SecureRandom.Id("sess"),
            ClientId = client.Id,
            UserId = user.Id,
            Status = SessionStatus.Active,
            CreatedAt = now,
            UpdatedAt = now,
            LastActiveAt = now,
            ExpireAt = lifetime.ExpireAtFor(now),
            Version = Guid.NewGuid(),
            User = user,
        };
        client.LastActiveSessionId = session.Id;
        db.Clients.Add(client);
        db.Sessions.Add(session);
        audit.Add("session.created", user.Id, session.Id, client.Id, reason);
        Log.SessionCreated(logger, session.Id, user.Id);
        return session;
    }

    /// <summary>Revokes every signed-in session of a user (ban, deletion, password change with sign-out); the caller saves.</summary>
    public async Task<int> RevokeAllForUserAsync(string userId, string reason, CancellationToken cancellationToken)
    {
        var sessions = await db.Sessions.Where(s => s.UserId == userId && s.Status == SessionStatus.Active).ToListAsync(cancellationToken);
        foreach (var session in sessions)
        {
            SetStatus(session, SessionStatus.Revoked, reason);
        }

        cache.InvalidateUser(userId);
        return sessions.Count;
    }

    /// <summary>Ends every signed-in session of the client (sign out everywhere on this browser).</summary>
    public async Task<int> EndAllAsync(ClientEntity client, string status, CancellationToken cancellationToken)
    {
        var sessions = await db.Sessions.Where(s => s.ClientId == client.Id && s.Status == SessionStatus.Active).ToListAsync(cancellationToken);
        foreach (var session in sessions)
        {
            SetStatus(session, status, "client sign-out");
        }

        client.LastActiveSessionId = null;
        clients.Touch(client);
        return sessions.Count;
    }

    /// <summary>
    /// Revokes every signed-in session of a user, for a ban (<see cref="RevocationReasons.UserBanned"/>)
    /// or a deletion (<see cref="RevocationReasons.UserDeleted"/>): each gets a feed entry in
    /// this unit of work, so a deletion that saves with it leaves the entries behind (they have
    /// no foreign key). Returns how many sessions were revoked.
    /// </summary>
    public async Task<int> RevokeAllOfUserAsync(string userId, string feedReason, CancellationToken cancellationToken)
    {
        var sessions = await db.Sessions.Where(s => s.UserId == userId && s.Status == SessionStatus.Active).ToListAsync(cancellationToken);
        foreach (var session in sessions)
        {
            SetStatus(session, SessionStatus.Revoked, feedReason, feedReason);
        }

        cache.InvalidateUser(userId);
        return sessions.Count;
    }

    /// <summary>Whether any session of the client is signed in now (decides <c>__client_uat</c>).</summary>
    public async Task<bool> AnyActiveAsync(string clientId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var sessions = await db.Sessions.AsNoTracking().Where(s => s.ClientId == clientId && s.Status == SessionStatus.Active)
            .Select(s => new { s.Status, s.ExpireAt, s.LastActiveAt, s.User!.Banned }).ToListAsync(cancellationToken);
        return sessions.Any(s => !s.Banned && lifetime.EffectiveStatus(s.Status, s.ExpireAt, s.LastActiveAt, now) == SessionStatus.Active);
    }
}
