namespace Latchkey.Server;

/// <summary>
/// Every log message of the server, with stable event ids. Messages carry reason codes and
/// ids, never tokens, secrets, passwords, codes or email addresses.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Instance bootstrapped: signing key {Kid} created")]
    public static partial void SigningKeyCreated(ILogger logger, string kid);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Signing key {Kid} re-encrypted under the current key-encryption key {KekId}")]
    public static partial void SigningKeyRewrapped(ILogger logger, string kid, string kekId);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Instance key file written to {Path}")]
    public static partial void KeyFileWritten(ILogger logger, string path);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Signing key {Kid} created; it signs from its activation time, retiring {Retired}")]
    public static partial void SigningKeyRotated(ILogger logger, string kid, string retired);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Signing keys reread; signing now with {Kid}")]
    public static partial void SigningKeysReloaded(ILogger logger, string kid);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Rereading the signing keys failed; the keys in memory stay in use")]
    public static partial void SigningKeysReloadFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Information, Message = "Secret key {KeyId} {Change}")]
    public static partial void SecretKeyChanged(ILogger logger, string keyId, string change);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Session {SessionId} created for user {UserId}")]
    public static partial void SessionCreated(ILogger logger, string sessionId, string userId);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Session {SessionId} is now {Status}")]
    public static partial void SessionStatusChanged(ILogger logger, string sessionId, string status);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Token mint refused for session {SessionId}: {Code}")]
    public static partial void MintRefused(ILogger logger, string sessionId, string code);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Credential attempt failed ({Code}); identifier locked: {Locked}")]
    public static partial void CredentialFailed(ILogger logger, string code, bool locked);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Handshake for client {ClientId}: {Outcome}")]
    public static partial void Handshake(ILogger logger, string clientId, string outcome);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Handshake refused: {Code}")]
    public static partial void HandshakeRefused(ILogger logger, string code);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "Handshake payload refused: {Code}")]
    public static partial void HandshakePayloadRefused(ILogger logger, string code);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "Backend API request refused: {Code}")]
    public static partial void BackendAuthRefused(ILogger logger, string code);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Information, Message = "User {UserId} is now {Standing}")]
    public static partial void UserStandingChanged(ILogger logger, string userId, string standing);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Email delivery failed: {ExceptionType}: {Reason}")]
    public static partial void EmailDeliveryFailed(ILogger logger, string exceptionType, string reason);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Writing last-active times failed; {Count} will be retried")]
    public static partial void LastActiveFlushFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Removing unusable rows failed; next sweep retries")]
    public static partial void JanitorFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Error, Message = "Unhandled error answering {Method} {Path}")]
    public static partial void Unhandled(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Concurrent update refused on {Path}")]
    public static partial void ConcurrencyConflict(ILogger logger, string path);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Invalidation rows cannot be read ({ExceptionType}); cached sessions and clients are not served until they can")]
    public static partial void InvalidationsUnreadable(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Invalidation rows readable again; caches cleared")]
    public static partial void InvalidationsRecovered(ILogger logger);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Listening for PostgreSQL invalidation notifications")]
    public static partial void NotificationsListening(ILogger logger);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "PostgreSQL notification connection lost ({ExceptionType}); polling covers the gap, reconnecting in {Seconds} s")]
    public static partial void NotificationsLost(ILogger logger, string exceptionType, int seconds);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "Revocation event stream ended by an error ({ExceptionType}); the client resumes with Last-Event-ID")]
    public static partial void RevocationStreamEnded(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Database unavailable answering {Method} {Path} ({ExceptionType}); answered 503")]
    public static partial void StoreUnavailable(ILogger logger, string method, string path, string exceptionType);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Warning, Message = "Database unavailable ({ExceptionType}); minting from memory within the outage grace period")]
    public static partial void MintingThroughOutage(ILogger logger, string exceptionType);
}
