namespace Latchkey.Server.Storage.Entities;

/// <summary>A sign-in in progress (table <c>sign_in_attempts</c>).</summary>
internal sealed class SignInAttemptEntity
{
    public required string Id { get; set; }

    public required string ClientId { get; set; }

    /// <summary>The identifier as typed (email address or username).</summary>
    public string? Identifier { get; set; }

    /// <summary>The user the identifier names; null when it names nobody (never revealed).</summary>
    public string? UserId { get; set; }

    /// <summary>The email address id offered for the email-code factor (a stable decoy when unknown).</summary>
    public string? EmailAddressId { get; set; }

    /// <summary><c>needs_identifier</c>, <c>needs_first_factor</c> or <c>complete</c>.</summary>
    public required string Status { get; set; }

    /// <summary>The strategy prepared last (<c>email_code</c>), if any.</summary>
    public string? PreparedStrategy { get; set; }

    public string? CreatedSessionId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset AbandonAt { get; set; }

    public Guid Version { get; set; }
}
