namespace Latchkey.Server.Storage.Entities;

/// <summary>A sign-up in progress (table <c>sign_up_attempts</c>).</summary>
internal sealed class SignUpAttemptEntity
{
    public required string Id { get; set; }

    public required string ClientId { get; set; }

    public string? EmailAddress { get; set; }

    public string? Username { get; set; }

    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    /// <summary>The password, already hashed.</summary>
    public string? PasswordHash { get; set; }

    /// <summary><c>missing_requirements</c> or <c>complete</c>.</summary>
    public required string Status { get; set; }

    public DateTimeOffset? EmailVerifiedAt { get; set; }

    /// <summary>Whether a verification code was sent for the current address.</summary>
    public bool VerificationPrepared { get; set; }

    public string? CreatedUserId { get; set; }

    public string? CreatedSessionId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset AbandonAt { get; set; }

    public Guid Version { get; set; }
}
