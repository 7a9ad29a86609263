namespace Latchkey.Server.Storage.Entities;

/// <summary>One signed-in user on one client (table <c>sessions</c>).</summary>
internal sealed class SessionEntity
{
    public required string Id { get; set; }

    public required string ClientId { get; set; }

    public required string UserId { get; set; }

    /// <summary>One of <see cref="SessionStatus"/>.</summary>
    public required string Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset LastActiveAt { get; set; }

    /// <summary>The session's maximum lifetime ends here.</summary>
    public DateTimeOffset ExpireAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>The <c>User-Agent</c> of the sign-in request (truncated), shown on the account page; null when absent.</summary>
    public string? UserAgent { get; set; }

    /// <summary>The client IP address of the sign-in request, shown on the account page; null when unknown.</summary>
    public string? IpAddress { get; set; }

    public Guid Version { get; set; }

    public UserEntity? User { get; set; }
}
