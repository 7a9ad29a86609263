namespace Latchkey.Server.Storage.Entities;

/// <summary>Failed credential attempts per identifier, for lockout with back-off (table <c>failed_attempts</c>).</summary>
internal sealed class FailedAttemptEntity
{
    /// <summary>Hex SHA-256 of the normalised identifier (so the table holds no addresses).</summary>
    public required string Key { get; set; }

    public int Failures { get; set; }

    public DateTimeOffset LastFailureAt { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    public Guid Version { get; set; }
}
