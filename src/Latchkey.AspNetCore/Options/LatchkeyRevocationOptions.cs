namespace Latchkey.AspNetCore;

/// <summary>
/// Following the Latchkey server's revocation feed (configuration section
/// <c>Latchkey:Revocation</c>): the scheme keeps a bounded in-memory set of revoked session
/// ids, fed by the server's event stream (<c>GET {ApiUrl}/v1/sessions/revocations/stream</c>)
/// and a periodic catch-up read of the JSON feed, and refuses every token of those sessions
/// with <c>session-revoked</c> until the tokens would have expired anyway. While the feed is
/// unreachable requests are judged as before (valid tokens stay valid) and revocations catch
/// up on reconnection. See docs/revocation.md.
/// </summary>
public sealed class LatchkeyRevocationOptions
{
    /// <summary>
    /// Whether to follow the feed. Default: <c>null</c>, meaning on when a
    /// <see cref="LatchkeyAuthenticationOptions.SecretKey"/> is configured (the feed requires it).
    /// A server that publishes no feed (Clerk's Backend API answers 404) turns it off with one
    /// log line. Set false to never connect.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>
    /// How often the JSON feed is read from the last cursor, besides the stream: it bounds how
    /// long a silently stalled stream (a proxy buffering events) can hide a revocation, and it
    /// evicts expired entries. Default: 30 seconds; 1 second to 10 minutes.
    /// </summary>
    public TimeSpan CatchUpInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Delay before reconnecting after the stream failed; doubles on each further failure up to
    /// <see cref="MaxReconnectDelay"/>, with jitter. A stream that ended cleanly reconnects after
    /// this delay. Default: 1 second; 10 milliseconds to 1 minute.
    /// </summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between reconnection attempts. Default: 30 seconds; at least <see cref="ReconnectDelay"/>, at most 10 minutes.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A stream that sends nothing (not even a heartbeat, which the Latchkey server sends every
    /// 15 seconds) for this long is considered dead and reopened. Default: 45 seconds; 1 second
    /// to 10 minutes.
    /// </summary>
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>
    /// The most revoked sessions kept in memory (about 100 bytes each). Entries leave when all
    /// their tokens have expired; if more are live than this, those closest to expiry are
    /// dropped first, with a warning. Default: 100,000; 100 to 10,000,000.
    /// </summary>
    public int MaxEntries { get; set; } = 100_000;

    /// <summary>Whether the feed is followed for a scheme with this secret key.</summary>
    internal bool IsEnabled(string? secretKey) => Enabled ?? !string.IsNullOrEmpty(secretKey);
}
