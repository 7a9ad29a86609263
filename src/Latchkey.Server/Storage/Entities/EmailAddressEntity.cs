namespace Latchkey.Server.Storage.Entities;

/// <summary>An email address of a user (table <c>email_addresses</c>).</summary>
internal sealed class EmailAddressEntity
{
    public required string Id { get; set; }

    public required string UserId { get; set; }

    /// <summary>The address as typed.</summary>
    public required string Address { get; set; }

    /// <summary>Lower-cased, trimmed address, unique across the instance.</summary>
    public required string NormalizedAddress { get; set; }

    public DateTimeOffset? VerifiedAt { get; set; }

    /// <summary>How the address was verified: <c>email_code</c> (sign-up), <c>admin</c> (Backend API); null means <c>email_code</c>.</summary>
    public string? VerificationStrategy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public UserEntity? User { get; set; }
}
