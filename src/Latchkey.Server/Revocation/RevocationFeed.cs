using System.Globalization;
using Latchkey.Server.Configuration;
using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Revocation;

/// <summary>One entry of the revocation feed (JSON, snake_case; times in Unix milliseconds).</summary>
internal sealed record RevocationEntry(string SessionId, string? UserId, long RevokedAt, long ExpiresAt, string Reason)
{
    /// <summary>The entry's cursor: resuming after it yields only later entries.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long Sequence { get; init; }
}

/// <summary>A page of the feed: entries after the requested cursor, and where to continue.</summary>
internal sealed record RevocationPage(IReadOnlyList<RevocationEntry> Data, string NextCursor, bool HasMore);

/// <summary>
/// Reads the revocation feed from the database: session entries in commit order after a
/// cursor, while they are live (until <c>expires_at</c> plus the retention grace). Any
/// instance answers the same, because nothing of it lives in memory.
/// </summary>
internal sealed class RevocationFeed(LatchkeyDbContext db, IOptions<LatchkeyServerOptions> options, TimeProvider time)
{
    /// <summary>Entries per page when the caller names no limit.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The largest page a caller may ask for.</summary>
    public const int MaxLimit = 500;

    /// <summary>
    /// Reads up to <paramref name="limit"/> entries after <paramref name="since"/> (0: from the
    /// oldest live entry). When the page is not full the next cursor is the newest row the
    /// database holds, so a caller that is up to date does not re-read skipped rows.
    /// </summary>
    public async Task<RevocationPage> ReadAsync(long since, int limit, CancellationToken cancellationToken)
    {
        // The newest committed row first: every row up to it is visible to the next statement
        // too (sequence order is commit order), so nothing below it can appear later.
        var high = await db.Invalidations.MaxAsync(i => (long?)i.Sequence, cancellationToken) ?? 0;
        var liveAfter = time.GetUtcNow() - options.Value.Revocation.RetentionGrace;
        var rows = await db.Invalidations.AsNoTracking()
            .Where(i => i.Sequence > since && i.Sequence <= high && i.Kind == InvalidationKind.Session && i.ExpiresAt > liveAfter)
            .OrderBy(i => i.Sequence)
            .Take(limit + 1)
            .ToListAsync(cancellationToken);
        var hasMore = rows.Count > limit;
        if (hasMore)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        var entries = rows.Select(r => new RevocationEntry(
            r.SubjectId,
            r.UserId,
            r.OccurredAt.ToUnixTimeMilliseconds(),
            r.ExpiresAt.ToUnixTimeMilliseconds(),
            r.Reason ?? RevocationReasons.Revoked) { Sequence = r.Sequence }).ToList();
        var next = hasMore ? rows[^1].Sequence : Math.Max(since, high);
        return new RevocationPage(entries, FormatCursor(next), hasMore);
    }

    /// <summary>Cursors are decimal sequence numbers (opaque to clients).</summary>
    public static string FormatCursor(long sequence) => sequence.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses a cursor strictly: 1 to 19 ASCII digits, no sign, no spaces.</summary>
    public static bool TryParseCursor(string? text, out long sequence)
    {
        sequence = 0;
        if (string.IsNullOrEmpty(text) || text.Length > 19)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
    }
}
