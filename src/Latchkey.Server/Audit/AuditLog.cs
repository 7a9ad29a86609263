using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;

namespace Latchkey.Server.Audit;

/// <summary>Adds audit events to the current unit of work (they commit with the change they describe).</summary>
internal sealed class AuditLog(LatchkeyDbContext db, IHttpContextAccessor http, TimeProvider time)
{
    public void Add(string type, string? userId = null, string? sessionId = null, string? clientId = null, string? detail = null)
    {
        db.AuditEvents.Add(new AuditEventEntity
        {
            OccurredAt = time.GetUtcNow(),
            Type = type,
            UserId = userId,
            SessionId = sessionId,
            ClientId = clientId,
            IpAddress = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
            Detail = detail is { Length: > 1024 } ? detail[..1024] : detail,
        });
    }
}
