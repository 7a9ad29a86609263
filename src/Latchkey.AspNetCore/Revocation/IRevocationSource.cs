namespace Latchkey.AspNetCore;

/// <summary>
/// Tells whether a session was revoked after one of its tokens was minted, so a revoked
/// session's still-unexpired tokens can be refused before they expire. Without any
/// source, tokens are valid until <c>exp</c>.
/// </summary>
/// <remarks>
/// The package follows the Latchkey server's revocation feed itself when a secret key is
/// configured (<see cref="LatchkeyAuthenticationOptions.Revocation"/>); an implementation
/// registered in DI is asked in addition (a session is refused if either says so). An
/// implementation must answer from memory (it is called on every signed-in request, after the
/// token verified, including tokens served from the verified-token cache) and keep itself
/// current in the background.
/// </remarks>
public interface IRevocationSource
{
    /// <summary>Whether the session <paramref name="sessionId"/> was revoked at or after <paramref name="issuedAt"/>.</summary>
    /// <param name="sessionId">The token's <c>sid</c>.</param>
    /// <param name="issuedAt">The token's <c>iat</c>.</param>
    bool IsRevoked(string sessionId, DateTimeOffset issuedAt);
}
