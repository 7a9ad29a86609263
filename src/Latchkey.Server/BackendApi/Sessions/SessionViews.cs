using Latchkey.Server.BackendApi.Http;
using Latchkey.Server.BackendApi.Json;
using Latchkey.Server.Configuration;
using Latchkey.Server.FrontendApi.Errors;
using Latchkey.Server.FrontendApi.Json;
using Latchkey.Server.Sessions;
using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.BackendApi.Sessions;

/// <summary>
/// Session lookups and JSON for the Backend API. Statuses are the effective ones: an active
/// session past its maximum lifetime or inactivity timeout is <c>expired</c>, in answers and in
/// the <c>status</c> filter alike.
/// </summary>
internal sealed class SessionViews(LatchkeyDbContext db, SessionLifetime lifetime, IOptions<LatchkeyServerOptions> options, TimeProvider time)
{
    public static readonly ApiError NotFound = BackendRequest.NotFound("session", "session_id");

    /// <summary>Statuses Clerk defines that Latchkey never gives a session: a valid filter that matches nothing.</summary>
    private static readonly HashSet<string> NeverUsed = new(StringComparer.Ordinal) { "abandoned", "replaced", "pending" };

    public async Task<SessionEntity?> FindAsync(string id, CancellationToken cancellationToken) =>
        id.Length > StorageLimits.Id ? null : await db.Sessions.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);

    public BackendSessionJson Map(SessionEntity session) => new(
        session.Id,
        session.ClientId,
        session.UserId,
        lifetime.EffectiveStatus(session.Status, session.ExpireAt, session.LastActiveAt, time.GetUtcNow()),
        JsonMapper.Ms(session.LastActiveAt),
        JsonMapper.Ms(session.ExpireAt),
        JsonMapper.Ms(lifetime.AbandonAt(session.ExpireAt, session.LastActiveAt)),
        JsonMapper.Ms(session.CreatedAt),
        JsonMapper.Ms(session.UpdatedAt));

    public Outcome<IQueryable<SessionEntity>> WithStatus(IQueryable<SessionEntity> sessions, string status)
    {
        var now = time.GetUtcNow();
        var timeout = options.Value.SessionInactivityTimeout;
        switch (status)
        {
            case SessionStatus.Active:
                sessions = sessions.Where(s => s.Status == SessionStatus.Active && s.ExpireAt > now);
                if (timeout is { } activeWithin)
                {
                    var activeAfter = now - activeWithin;
                    sessions = sessions.Where(s => s.LastActiveAt > activeAfter);
                }

                return Outcome<IQueryable<SessionEntity>>.From(sessions);
            case SessionStatus.Expired when timeout is { } inactiveAfter:
                var inactiveBefore = now - inactiveAfter;
                return Outcome<IQueryable<SessionEntity>>.From(sessions.Where(s => s.Status == SessionStatus.Expired
                    || (s.Status == SessionStatus.Active && (s.ExpireAt <= now || s.LastActiveAt <= inactiveBefore))));
            case SessionStatus.Expired:
                return Outcome<IQueryable<SessionEntity>>.From(sessions.Where(s => s.Status == SessionStatus.Expired || (s.Status == SessionStatus.Active && s.ExpireAt <= now)));
            case SessionStatus.Ended or SessionStatus.Removed or SessionStatus.Revoked:
                return Outcome<IQueryable<SessionEntity>>.From(sessions.Where(s => s.Status == status));
            case var _ when NeverUsed.Contains(status):
                return Outcome<IQueryable<SessionEntity>>.From(sessions.Where(s => false));
            default:
                return ApiErrors.ValueInvalid("status", "status is active, ended, removed, revoked, expired, abandoned, replaced or pending.");
        }
    }
}
