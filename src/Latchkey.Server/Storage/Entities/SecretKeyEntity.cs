namespace Latchkey.Server.Storage.Entities;

/// <summary>A Backend API secret key (table <c>secret_keys</c>), stored only as a SHA-256 hash.</summary>
internal sealed class SecretKeyEntity
{
    public required string Id { get; set; }

    public required byte[] Hash { get; set; }

    /// <summary>The first characters of the key, for operators to recognise it (e.g. <c>sk_test_AbC1</c>).</summary>
    public required string Hint { get; set; }

    /// <summary>An operator's label (e.g. <c>billing-service</c>), at most 64 characters; <c>bootstrap</c> for the key file's key.</summary>
    public string? Name { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
