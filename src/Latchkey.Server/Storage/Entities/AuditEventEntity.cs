namespace Latchkey.Server.Storage.Entities;

/// <summary>A security-relevant event (table <c>audit_events</c>). Never holds secrets.</summary>
internal sealed class AuditEventEntity
{
    public long Id { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>Stable event name, e.g. <c>session.created</c>.</summary>
    public required string Type { get; set; }

    public string? UserId { get; set; }

    public string? SessionId { get; set; }

    public string? ClientId { get; set; }

    public string? IpAddress { get; set; }

    public string? Detail { get; set; }
}
