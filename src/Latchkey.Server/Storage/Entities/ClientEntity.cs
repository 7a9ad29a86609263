namespace Latchkey.Server.Storage.Entities;

/// <summary>One browser or device (table <c>clients</c>); holds sessions and the current sign-in/sign-up attempt.</summary>
internal sealed class ClientEntity
{
    public required string Id { get; set; }

    /// <summary>SHA-256 of the opaque <c>__client</c> cookie value; the value itself is never stored.</summary>
    public required byte[] TokenHash { get; set; }

    public string? LastActiveSessionId { get; set; }

    public string? SignInAttemptId { get; set; }

    public string? SignUpAttemptId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Changes on every client change; <c>__client_uat</c> is derived from it.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset CookieExpiresAt { get; set; }

    public Guid Version { get; set; }
}
