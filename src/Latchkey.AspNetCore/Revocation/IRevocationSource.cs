namespace Latchkey.AspNetCore;

/// <summary>
/// Tells whether a session was revoked after one of its tokens was minted, so a revoked
/// session's still-unexpired tokens can be refused before they expire. Register an
/// implementation in DI to enable it; without one, tokens are valid until <c>exp</c>.
/// </summary>
/// <remarks>
/// The Latchkey server's revocation feed (Backend API, issue 4) is the intended source; this
/// package does not ship a client for it yet. An implementation must answer from memory (it is
/// called on every signed-in request) and keep itself current in the background.
/// </remarks>
public interface IRevocationSource
{
    /// <summary>Whether the session <paramref name="sessionId"/> was revoked at or after <paramref name="issuedAt"/>.</summary>
    /// <param name="sessionId">The token's <c>sid</c>.</param>
    /// <param name="issuedAt">The token's <c>iat</c>.</param>
    bool IsRevoked(string sessionId, DateTimeOffset issuedAt);
}
