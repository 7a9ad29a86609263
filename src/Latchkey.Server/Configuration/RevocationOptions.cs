namespace Latchkey.Server.Configuration;

/// <summary>
/// The revocation feed and cross-instance cache invalidation (configuration section
/// <c>Latchkey:Revocation</c>). Every status change that ends a session writes a row in the
/// same transaction; server instances follow those rows to drop cached state, and backends
/// follow the published feed (<c>GET /v1/sessions/revocations</c> and its event stream) to
/// refuse the session's still-unexpired tokens. See docs/revocation.md.
/// </summary>
public sealed class RevocationOptions
{
    /// <summary>
    /// How often every instance reads new invalidation rows even when no notification came (the
    /// fallback of PostgreSQL LISTEN/NOTIFY, and the only channel between processes sharing one
    /// SQLite file). A missed notification is caught within this time. An instance whose last
    /// successful read is older than three intervals stops serving sessions and clients from
    /// memory until it reads again. Default: 1 second; 50 ms to 10 seconds.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether PostgreSQL instances LISTEN for the notification each invalidation row sends at
    /// commit (delivery in milliseconds). Off leaves only <see cref="PollInterval"/>. Ignored on
    /// SQLite. Default: true.
    /// </summary>
    public bool PostgresNotifications { get; set; } = true;

    /// <summary>
    /// How long an entry stays in the feed after <c>expires_at</c> (when every token of the
    /// session has expired by the server's clock), to cover clock skew between the server and
    /// the backends that verify tokens. Default: 1 minute; 0 to 10 minutes.
    /// </summary>
    public TimeSpan RetentionGrace { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often expired rows are deleted. Default: 1 minute; 1 second to 1 hour.</summary>
    public TimeSpan JanitorInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Interval of the comment lines (<c>: heartbeat</c>) an idle event stream sends, so that
    /// proxies keep it open and clients notice a dead connection. Default: 15 seconds; 1 second
    /// to 5 minutes.
    /// </summary>
    public TimeSpan StreamHeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The largest <see cref="DatabaseOutageGrace"/> accepted: 10 minutes.</summary>
    public static readonly TimeSpan MaximumDatabaseOutageGrace = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long an instance that cannot reach the database goes on minting session tokens for
    /// sessions and clients it holds in memory, counted from its last successful read of the
    /// invalidation rows (after <see cref="CacheTrustWindow"/>). Meanwhile it cannot see
    /// revocations made through other instances, so a revoked session may get tokens for this
    /// long plus one token lifetime; sign-ins, sign-outs and every other database read or write
    /// still answer 503. Zero turns it off: mints then answer 503 once the trust window has
    /// passed. Default: zero (off); at most 10 minutes.
    /// </summary>
    public TimeSpan DatabaseOutageGrace { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// The longest time an instance may go on serving a cached session or client after an
    /// invalidation was committed: three <see cref="PollInterval"/>s. Feed entries'
    /// <c>expires_at</c> include it, since a token minted in that window is still a token of
    /// the session.
    /// </summary>
    public TimeSpan CacheTrustWindow => PollInterval * 3;

    /// <summary>
    /// The longest time after an invalidation was committed that any instance may still mint
    /// from memory: <see cref="CacheTrustWindow"/> plus <see cref="DatabaseOutageGrace"/>.
    /// </summary>
    public TimeSpan CacheServeBound => CacheTrustWindow + DatabaseOutageGrace;
}
