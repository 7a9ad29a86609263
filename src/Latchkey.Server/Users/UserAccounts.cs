using Latchkey.Server.Audit;
using Latchkey.Server.Revocation;
using Latchkey.Server.Sessions;
using Latchkey.Server.Storage;
using Microsoft.EntityFrameworkCore;

namespace Latchkey.Server.Users;

/// <summary>
/// Account changes that end every session of a user: ban and deletion. Both revoke the
/// user's signed-in sessions through <see cref="SessionService.RevokeAllOfUserAsync"/>, so the
/// revocation feed entries commit in the same transaction as the ban or the deletion.
/// </summary>
internal sealed class UserAccounts(LatchkeyDbContext db, SessionService sessions, AuditLog audit, TimeProvider time)
{
    /// <summary>Bans a user and revokes their sessions; false when the user does not exist.</summary>
    public async Task<bool> BanAsync(string userId, CancellationToken cancellationToken)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return false;
        }

        if (!user.Banned)
        {
            user.Banned = true;
            user.UpdatedAt = time.GetUtcNow();
            user.Version = Guid.NewGuid();
            audit.Add("user.banned", user.Id);
        }

        await sessions.RevokeAllOfUserAsync(user.Id, RevocationReasons.UserBanned, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Deletes a user (sessions and email addresses go with it) after revoking their sessions; false when the user does not exist.</summary>
    public async Task<bool> DeleteAsync(string userId, CancellationToken cancellationToken)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return false;
        }

        await sessions.RevokeAllOfUserAsync(user.Id, RevocationReasons.UserDeleted, cancellationToken);
        db.Users.Remove(user);
        audit.Add("user.deleted", user.Id);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
