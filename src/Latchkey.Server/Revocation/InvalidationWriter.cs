using Latchkey.Server.Configuration;
using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Revocation;

/// <summary>
/// Adds invalidation rows to the current unit of work, so they commit (or roll back) with the
/// change they describe. Used by the session and client services; never call it after saving.
/// </summary>
internal sealed class InvalidationWriter(LatchkeyDbContext db, IOptions<LatchkeyServerOptions> options, TimeProvider time)
{
    /// <summary>
    /// Records that <paramref name="session"/> ended for <paramref name="reason"/> (a feed
    /// entry). Its <c>expires_at</c> is when every token of the session has expired: tokens
    /// minted up to now, or by an instance that has not yet seen this row (bounded by the
    /// cache trust window), plus the longest token lifetime.
    /// </summary>
    public void SessionEnded(SessionEntity session, string reason)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        db.Invalidations.Add(new InvalidationEntity
        {
            Kind = InvalidationKind.Session,
            SubjectId = session.Id,
            UserId = session.UserId,
            Reason = reason,
            OccurredAt = now,
            ExpiresAt = now + settings.Revocation.CacheServeBound + settings.LongestTokenLifetime,
        });
    }

    /// <summary>Records that the client's token changed: every instance drops what it cached about this client.</summary>
    public void ClientChanged(string clientId)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        db.Invalidations.Add(new InvalidationEntity
        {
            Kind = InvalidationKind.Client,
            SubjectId = clientId,
            OccurredAt = now,
            ExpiresAt = now + settings.Revocation.CacheServeBound + settings.SessionCacheDuration,
        });
    }
}
