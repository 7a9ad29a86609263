namespace Latchkey.Server.Storage.Entities;

/// <summary>A development-instance dev browser (table <c>dev_browsers</c>), bound to one client.</summary>
internal sealed class DevBrowserEntity
{
    public required string Id { get; set; }

    /// <summary>SHA-256 of the dev-browser token.</summary>
    public required byte[] TokenHash { get; set; }

    public required string ClientId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
