namespace Latchkey.Server.Storage.Entities;

/// <summary>
/// One committed change that cached state must not outlive (table <c>invalidations</c>): a
/// session that ended (published in the revocation feed) or a client whose token changed.
/// Written in the same transaction as the change. Rows have no foreign keys, so they outlive a
/// deleted user or client; the revocation janitor deletes them after <see cref="ExpiresAt"/>.
/// </summary>
internal sealed class InvalidationEntity
{
    /// <summary>
    /// Commit order: a row is visible only after every row with a lower sequence is visible
    /// (or was rolled back). SQLite serialises writers; on PostgreSQL a trigger assigns the
    /// value under a transaction-scoped advisory lock. This is the feed's cursor.
    /// </summary>
    public long Sequence { get; set; }

    /// <summary>One of <see cref="InvalidationKind"/>.</summary>
    public required string Kind { get; set; }

    /// <summary>The session id (<see cref="InvalidationKind.Session"/>) or client id (<see cref="InvalidationKind.Client"/>).</summary>
    public required string SubjectId { get; set; }

    /// <summary>The session's user, for session rows.</summary>
    public string? UserId { get; set; }

    /// <summary>Why, for session rows: one of <c>Revocation.RevocationReasons</c>.</summary>
    public string? Reason { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>When every token (session rows) or cache entry (client rows) this row concerns has expired.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>Kinds of <see cref="InvalidationEntity"/>.</summary>
internal static class InvalidationKind
{
    /// <summary>A session ended; published in the revocation feed.</summary>
    public const string Session = "session";

    /// <summary>A client's token changed (sign-in rotation, client destroyed); internal only.</summary>
    public const string Client = "client";
}
