using Latchkey.Server.Storage.Entities;

namespace Latchkey.Server.Revocation;

/// <summary>The <c>reason</c> of a revocation feed entry (stable snake_case values).</summary>
internal static class RevocationReasons
{
    /// <summary>Signed out of this session (<c>/end</c>, sign out of all sessions, client destroyed).</summary>
    public const string Ended = SessionStatus.Ended;

    /// <summary>The session was removed from its client (<c>/remove</c>).</summary>
    public const string Removed = SessionStatus.Removed;

    /// <summary>Revoked by an operator or the Backend API.</summary>
    public const string Revoked = SessionStatus.Revoked;

    /// <summary>The session's user was banned.</summary>
    public const string UserBanned = "user_banned";

    /// <summary>The session's user was deleted.</summary>
    public const string UserDeleted = "user_deleted";

    /// <summary>The feed reason for a session moving to <paramref name="status"/>, or null when the status is not an end that revokes (expiry).</summary>
    public static string? ForStatus(string status) => status switch
    {
        SessionStatus.Ended => Ended,
        SessionStatus.Removed => Removed,
        SessionStatus.Revoked => Revoked,
        _ => null,
    };
}
