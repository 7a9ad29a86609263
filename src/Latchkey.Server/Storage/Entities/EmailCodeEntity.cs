namespace Latchkey.Server.Storage.Entities;

/// <summary>A 6-digit email verification code (table <c>email_codes</c>), stored hashed.</summary>
internal sealed class EmailCodeEntity
{
    public required string Id { get; set; }

    /// <summary>The sign-up or sign-in attempt the code belongs to.</summary>
    public required string AttemptId { get; set; }

    public required string NormalizedAddress { get; set; }

    /// <summary>HMAC-SHA256 of the code keyed with the code id.</summary>
    public required byte[] CodeHash { get; set; }

    public int FailedAttempts { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? ConsumedAt { get; set; }

    public Guid Version { get; set; }
}
