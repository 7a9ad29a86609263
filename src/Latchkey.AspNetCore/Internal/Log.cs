using Microsoft.Extensions.Logging;

namespace Latchkey.AspNetCore.Internal;

/// <summary>Log messages of this assembly (stable event ids). Reason codes only: never a token, secret or claim set.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Debug, Message = "Latchkey classified the request: {Status} ({Reason}).")]
    public static partial void Classified(ILogger logger, string status, string reason);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error, Message = "Latchkey could not classify the request; it is treated as signed out (unexpected-error).")]
    public static partial void UnexpectedError(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "A session token from a cookie has no azp claim; set AuthorizedParties to require it.")]
    public static partial void MissingAzp(ILogger logger);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Handshake redirect loop stopped ({Reason}): check that the publishable and secret keys belong to the same instance, and that this domain is configured for it.")]
    public static partial void RedirectLoop(ILogger logger, string reason);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "The handshake payload was rejected ({Reason}).")]
    public static partial void HandshakePayloadRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "The session token returned by the handshake was rejected ({Reason}).")]
    public static partial void HandshakeTokenRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Error, Message = "Fetching the handshake payload failed (status {Status}, {Code}); the request continues signed out.")]
    public static partial void HandshakeNonceFailed(ILogger logger, int status, string code);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Warning, Message = "Clock skew detected while resolving a handshake ({Reason}); retrying with a 24 h tolerance (development only). Check the system clock.")]
    public static partial void ClockSkew(ILogger logger, string? reason);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Warning, Message = "Fetching the JWKS failed (status {Status}, {Code}); keeping the last good key set.")]
    public static partial void JwksFetchFailed(ILogger logger, int status, string code);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Information, Message = "Latchkey answered a {Status} redirect ({Reason}).")]
    public static partial void Redirected(ILogger logger, string status, string reason);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Warning, Message = "The revocation feed at {ApiUrl} is unreachable ({Reason}); valid tokens are still accepted and revocations catch up on reconnection. Retrying in {DelayMs} ms.")]
    public static partial void RevocationFeedUnreachable(ILogger logger, string apiUrl, string reason, long delayMs);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Information, Message = "The revocation feed at {ApiUrl} is reachable again; catching up from the last cursor.")]
    public static partial void RevocationFeedRecovered(ILogger logger, string apiUrl);

    [LoggerMessage(EventId = 5013, Level = LogLevel.Information, Message = "The server at {ApiUrl} publishes no revocation feed (404); tokens of revoked sessions stay valid until they expire. Set Latchkey:Revocation:Enabled=false to skip the check.")]
    public static partial void RevocationFeedNotPublished(ILogger logger, string apiUrl);

    [LoggerMessage(EventId = 5014, Level = LogLevel.Warning, Message = "More revoked sessions are live than Latchkey:Revocation:MaxEntries ({Capacity}); dropped the {Dropped} closest to expiry.")]
    public static partial void RevokedSetFull(ILogger logger, int capacity, int dropped);

    [LoggerMessage(EventId = 5015, Level = LogLevel.Debug, Message = "The revocation feed at {ApiUrl} failed again ({Reason}); retrying in {DelayMs} ms.")]
    public static partial void RevocationFeedRetry(ILogger logger, string apiUrl, string reason, long delayMs);

    [LoggerMessage(EventId = 5016, Level = LogLevel.Debug, Message = "Skipped a revocation feed entry that is not well-formed.")]
    public static partial void RevocationEntrySkipped(ILogger logger);
}
