namespace Latchkey.Server.Storage.Entities;

/// <summary>Session statuses as they appear on the wire (Clerk's names).</summary>
internal static class SessionStatus
{
    public const string Active = "active";
    public const string Ended = "ended";
    public const string Removed = "removed";
    public const string Revoked = "revoked";
    public const string Expired = "expired";
}
