namespace Latchkey.Server.Storage.Entities;

/// <summary>A user of the instance (table <c>users</c>).</summary>
internal sealed class UserEntity
{
    public required string Id { get; set; }

    /// <summary>Optional unique user name, as typed.</summary>
    public string? Username { get; set; }

    /// <summary>Lower-cased <see cref="Username"/>, unique.</summary>
    public string? NormalizedUsername { get; set; }

    public string? FirstName { get; set; }

    public string? LastName { get; set; }

    /// <summary>PBKDF2 hash string (<c>pbkdf2-sha256$iterations$salt$hash</c>), or null.</summary>
    public string? PasswordHash { get; set; }

    public string? PrimaryEmailAddressId { get; set; }

    public bool Banned { get; set; }

    /// <summary>Locked by an operator (Backend API <c>lock</c>): no sign-in until unlocked. Failed-attempt lockouts live in <c>failed_attempts</c>.</summary>
    public bool Locked { get; set; }

    /// <summary>JSON object readable by the Frontend and Backend APIs, writable by the Backend API only. Default <c>{}</c>.</summary>
    public string PublicMetadata { get; set; } = "{}";

    /// <summary>JSON object readable and writable by the Backend API only. Default <c>{}</c>.</summary>
    public string PrivateMetadata { get; set; } = "{}";

    /// <summary>JSON object readable and writable by the Frontend API too. Default <c>{}</c>.</summary>
    public string UnsafeMetadata { get; set; } = "{}";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? LastSignInAt { get; set; }

    /// <summary>Optimistic concurrency token, changed on every update.</summary>
    public Guid Version { get; set; }

    public List<EmailAddressEntity> EmailAddresses { get; set; } = [];
}
