using Latchkey.Server.Audit;
using Latchkey.Server.Credentials;
using Latchkey.Server.Revocation;
using Latchkey.Server.Sessions;
using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;

namespace Latchkey.Server.Users;

/// <summary>
/// Changes to a user's standing: ban, lock, deletion, password change; the one implementation
/// behind the Backend API (and so the CLI) and the hosted pages. Every change that must stop
/// tokens goes through <see cref="SessionService.RevokeAllForUserAsync"/> (sessions revoked with
/// revocation feed entries in the same unit of work, session cache invalidated), so a ban or a
/// deletion refuses the next mint at once and reaches backends through the feed. Each method saves.
/// </summary>
internal sealed class UserService(
    LatchkeyDbContext db,
    SessionService sessions,
    SessionStateCache cache,
    LockoutService lockout,
    AuditLog audit,
    TimeProvider time,
    ILogger<UserService> logger)
{
    /// <summary>Bans the user and revokes every signed-in session (Clerk's semantics: a ban signs the user out everywhere).</summary>
    public async Task BanAsync(UserEntity user, CancellationToken cancellationToken)
    {
        if (!user.Banned)
        {
            user.Banned = true;
            Touch(user);
            audit.Add("user.banned", user.Id);
            Log.UserStandingChanged(logger, user.Id, "banned");
        }

        // Also when already banned: a session created meanwhile (it could not mint) is cleaned up.
        await sessions.RevokeAllForUserAsync(user.Id, RevocationReasons.UserBanned, "user banned", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Lifts a ban; revoked sessions stay revoked (the user signs in again).</summary>
    public async Task UnbanAsync(UserEntity user, CancellationToken cancellationToken)
    {
        if (user.Banned)
        {
            user.Banned = false;
            Touch(user);
            audit.Add("user.unbanned", user.Id);
            Log.UserStandingChanged(logger, user.Id, "unbanned");
            cache.InvalidateUser(user.Id);
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>Locks the user: sign-in is refused until unlocked. Signed-in sessions keep working (ban for that).</summary>
    public async Task LockAsync(UserEntity user, CancellationToken cancellationToken)
    {
        if (!user.Locked)
        {
            user.Locked = true;
            Touch(user);
            audit.Add("user.locked", user.Id);
            Log.UserStandingChanged(logger, user.Id, "locked");
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>Unlocks the user: clears the operator's lock and the failed-attempt lockouts of every identifier of the user.</summary>
    public async Task UnlockAsync(UserEntity user, CancellationToken cancellationToken)
    {
        foreach (var key in LockoutKeys(user))
        {
            await lockout.ResetAsync(key, cancellationToken);
        }

        if (user.Locked)
        {
            user.Locked = false;
            Touch(user);
        }

        audit.Add("user.unlocked", user.Id);
        Log.UserStandingChanged(logger, user.Id, "unlocked");
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Deletes the user: every signed-in session is revoked first (so revocation reaches everything that watches sessions), then the user, their addresses and sessions are removed.</summary>
    public async Task DeleteAsync(UserEntity user, CancellationToken cancellationToken)
    {
        // One transaction: the revocations are written (and seen by anything watching session
        // status) before the rows go, and a failure leaves the user as it was.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await sessions.RevokeAllForUserAsync(user.Id, RevocationReasons.UserDeleted, "user deleted", cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        db.Users.Remove(user);
        audit.Add("user.deleted", user.Id);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        cache.InvalidateUser(user.Id);
        Log.UserStandingChanged(logger, user.Id, "deleted");
    }

    /// <summary>Sets a new password hash; with <paramref name="signOutEverywhere"/> every signed-in session is revoked. The caller saves.</summary>
    public async Task SetPasswordAsync(UserEntity user, string passwordHash, bool signOutEverywhere, CancellationToken cancellationToken)
    {
        user.PasswordHash = passwordHash;
        Touch(user);
        audit.Add("user.password_changed", user.Id);
        if (signOutEverywhere)
        {
            await sessions.RevokeAllForUserAsync(user.Id, RevocationReasons.Revoked, "password changed", cancellationToken);
        }
    }

    /// <summary>The failed-attempt lockout keys of the user's identifiers (each email address and the user name).</summary>
    public static IEnumerable<string> LockoutKeys(UserEntity user)
    {
        foreach (var address in user.EmailAddresses)
        {
            yield return LockoutService.KeyFor(address.NormalizedAddress);
        }

        if (user.NormalizedUsername is not null)
        {
            yield return LockoutService.KeyFor(user.NormalizedUsername);
        }
    }

    /// <summary>Marks a change: <c>updated_at</c> and the concurrency token.</summary>
    public void Touch(UserEntity user)
    {
        user.UpdatedAt = time.GetUtcNow();
        user.Version = Guid.NewGuid();
    }
}
