namespace Latchkey.Server.Sessions;

/// <summary>What a token mint needs to know about a session, cached in memory.</summary>
internal sealed record SessionState(
    string Id,
    string ClientId,
    string UserId,
    string Status,
    DateTimeOffset ExpireAt,
    DateTimeOffset LastActiveAt,
    bool UserBanned,
    DateTimeOffset LoadedAt);
