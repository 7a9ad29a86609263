using Latchkey.Server.Configuration;
using Latchkey.Server.Crypto;
using Latchkey.Server.Revocation;
using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Clients;

/// <summary>Creates clients, rotates their <c>__client</c> token and records client changes.</summary>
internal sealed class ClientService(
    LatchkeyDbContext db,
    ClientCookies cookies,
    ClientIdentityCache cache,
    InvalidationWriter invalidations,
    IOptions<LatchkeyServerOptions> options,
    TimeProvider time)
{
    /// <summary>Adds a new client (saved with the caller's changes) and sets its cookie.</summary>
    public ClientEntity Create(HttpContext http)
    {
        var now = time.GetUtcNow();
        var token = SecureRandom.Token();
        var client = new ClientEntity
        {
            Id = SecureRandom.Id("client"),
            TokenHash = SecureRandom.Hash(token),
            CreatedAt = now,
            UpdatedAt = now,
            CookieExpiresAt = now + options.Value.ClientCookieLifetime,
            Version = Guid.NewGuid(),
        };
        db.Clients.Add(client);
        cookies.WriteClientToken(http.Response, token, client.CookieExpiresAt);
        return client;
    }

    /// <summary>
    /// Replaces the <c>__client</c> token (at sign-in), so a token seen before sign-in is
    /// worthless after it, on every instance (a client invalidation row commits with it).
    /// </summary>
    public void RotateToken(HttpContext http, ClientEntity client)
    {
        cache.Invalidate(client.TokenHash);
        invalidations.ClientChanged(client.Id);
        var token = SecureRandom.Token();
        client.TokenHash = SecureRandom.Hash(token);
        client.CookieExpiresAt = time.GetUtcNow() + options.Value.ClientCookieLifetime;
        cookies.WriteClientToken(http.Response, token, client.CookieExpiresAt);
    }

    /// <summary>
    /// Retires the client's identity (client destroyed): its <c>__client</c> token and
    /// dev-browser tokens stop resolving on every instance. The caller deletes the dev browsers and saves.
    /// </summary>
    public void RetireIdentity(ClientEntity client)
    {
        cache.InvalidateClient(client.Id);
        invalidations.ClientChanged(client.Id);
        client.TokenHash = SecureRandom.Hash(SecureRandom.Token());
        client.CookieExpiresAt = time.GetUtcNow();
    }

    /// <summary>Marks a client change: bumps <c>updated_at</c> (the source of <c>__client_uat</c>) and the concurrency token.</summary>
    public void Touch(ClientEntity client)
    {
        client.UpdatedAt = time.GetUtcNow();
        client.Version = Guid.NewGuid();
    }

    /// <summary>Writes <c>__client_uat</c>: the change time while a session is signed in, else 0.</summary>
    public void WriteUat(HttpContext http, ClientEntity client, bool signedIn) =>
        cookies.WriteClientUat(http.Response, signedIn ? client.UpdatedAt.ToUnixTimeSeconds() : 0);
}
