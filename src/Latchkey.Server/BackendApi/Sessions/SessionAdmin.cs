using Latchkey.Server.BackendApi.Http;
using Latchkey.Server.Configuration;
using Latchkey.Server.FrontendApi.Errors;
using Latchkey.Server.FrontendApi.Tokens;
using Latchkey.Server.Sessions;
using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.BackendApi.Sessions;

/// <summary>
/// Session changes made through the Backend API. Revocation goes through
/// <see cref="SessionService.SetStatus"/> (session cache invalidated, audit event), so the next
/// mint is refused at once; mints go through <see cref="TokenService"/>, which checks the
/// session and its user on every call.
/// </summary>
internal sealed class SessionAdmin(
    LatchkeyDbContext db,
    SessionService sessions,
    TokenService tokens,
    IOptions<LatchkeyServerOptions> options)
{
    public async Task<Outcome<SessionEntity>> CreateAsync(BackendBody body, CancellationToken cancellationToken)
    {
        var userId = body.String("user_id", StorageLimits.Id);
        if (userId.Failed)
        {
            return userId.Error!;
        }

        if (string.IsNullOrEmpty(userId.Value))
        {
            return ApiErrors.Missing("user_id");
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId.Value, cancellationToken);
        if (user is null)
        {
            return BackendRequest.NotFound("user", "user_id");
        }

        if (user.Banned)
        {
            return new ApiError(422, ErrorCodes.UserBanned, "User banned", "A banned user cannot have a session.", "user_id");
        }

        if (user.Locked)
        {
            return new ApiError(422, ErrorCodes.UserLocked, "User locked", "A locked user cannot have a new session; unlock the user first.", "user_id");
        }

        var session = sessions.CreateDetached(user, "backend api");
        await db.SaveChangesAsync(cancellationToken);
        return session;
    }

    /// <summary>Revokes an active session; a session that already ended keeps its status. Null when unknown.</summary>
    public async Task<SessionEntity?> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        var session = id.Length > StorageLimits.Id ? null : await db.Sessions.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (session is not null && session.Status == SessionStatus.Active)
        {
            sessions.SetStatus(session, SessionStatus.Revoked, "backend api revoke");
            await db.SaveChangesAsync(cancellationToken);
        }

        return session;
    }

    /// <summary>Mints a token for any client's session; refusals are 404 (unknown) or 422 with the FAPI's codes (session_revoked, user_banned...).</summary>
    public async Task<Outcome<string>> MintAsync(string id, BackendBody body, CancellationToken cancellationToken)
    {
        var seconds = body.Integer("expires_in_seconds");
        if (seconds.Failed)
        {
            return seconds.Error!;
        }

        TimeSpan? lifetime = null;
        if (seconds.Value is { } value)
        {
            var max = (long)options.Value.BackendTokenMaximumLifetime.TotalSeconds;
            if (value < 1 || value > max)
            {
                return ApiErrors.ValueInvalid("expires_in_seconds", $"expires_in_seconds is a whole number from 1 to {max}.");
            }

            lifetime = TimeSpan.FromSeconds(value);
        }

        var jwt = await tokens.MintAsync(clientId: null, id, authorizedParty: null, cancellationToken, lifetime);
        if (!jwt.Failed)
        {
            return jwt;
        }

        // 401 belongs to the secret key on this API; a session that cannot have a token is a 422 (unknown: 404).
        var error = jwt.Error!;
        return error.Code == ErrorCodes.SessionNotFound ? SessionViews.NotFound : error with { Status = 422 };
    }
}
