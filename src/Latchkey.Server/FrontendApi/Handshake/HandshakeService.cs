using System.Text.Json;
using Latchkey.Server.Clients;
using Latchkey.Server.Configuration;
using Latchkey.Server.Crypto;
using Latchkey.Server.FrontendApi.Tokens;
using Latchkey.Server.Instance;
using Latchkey.Server.Sessions;
using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.FrontendApi.Handshake;

/// <summary>
/// Decides the cookies an app domain should hold for the request's client (protocol.md §6.2):
/// a fresh <c>__session</c> and <c>__client_uat</c> while signed in, deletions and
/// <c>__client_uat=0</c> when signed out, suffixed twins when the backend asked for them,
/// and stores them under a one-time nonce.
/// </summary>
internal sealed class HandshakeService(
    LatchkeyDbContext db,
    ClientResolver resolver,
    ClientView view,
    TokenService tokens,
    ClientCookies cookies,
    InstanceIdentity instance,
    IOptions<LatchkeyServerOptions> options,
    TimeProvider time,
    ILogger<HandshakeService> logger)
{
    /// <summary>The app-domain cookies stay for a year; the token inside expires after its own lifetime.</summary>
    private const int SessionCookieMaxAgeSeconds = 31_536_000;

    public async Task<List<string>> DirectivesAsync(HttpContext http, Uri redirectUrl, bool suffixed, CancellationToken cancellationToken)
    {
        var found = await resolver.FindAsync(http, cancellationToken);
        var client = found.Failed ? null : found.Value;
        SessionEntity? session = null;
        string? jwt = null;
        if (client is not null)
        {
            var active = await view.ActiveSessionsAsync(client.Id, cancellationToken);
            session = active.FirstOrDefault(s => s.Id == client.LastActiveSessionId) ?? active.LastOrDefault();
            if (session is not null)
            {
                // azp: the app origin the browser returns to, already checked against the allowed origins.
                var minted = await tokens.MintAsync(client.Id, session.Id, Configuration.OriginText.FromUri(redirectUrl), cancellationToken);
                jwt = minted.Failed ? null : minted.Value;
            }
        }

        var names = (string name) => suffixed ? new[] { name, instance.Suffixed(name) } : [name];
        var directives = new List<string>();
        if (jwt is not null)
        {
            var uat = client!.UpdatedAt.ToUnixTimeSeconds();
            directives.AddRange(names(ProtocolNames.ClientUatCookie).Select(n => cookies.ClientUatDirective(n, uat)));
            directives.AddRange(names(ProtocolNames.SessionCookie).Select(n => cookies.Directive(n, jwt, SessionCookieMaxAgeSeconds, domain: null, httpOnly: false)));
        }
        else
        {
            directives.AddRange(names(ProtocolNames.ClientUatCookie).Select(n => cookies.ClientUatDirective(n, 0)));
            directives.AddRange(names(ProtocolNames.SessionCookie).Select(n => cookies.Directive(n, string.Empty, 0, domain: null, httpOnly: false)));
        }

        var devBrowser = http.Request.Query[ProtocolNames.DevBrowser].ToString();
        if (instance.IsDevelopment && client is not null && ClientResolver.IsWellFormed(devBrowser))
        {
            directives.AddRange(names(ProtocolNames.DevBrowser).Select(n => cookies.Directive(n, devBrowser, SessionCookieMaxAgeSeconds, domain: null, httpOnly: false)));
        }

        if (!instance.IsDevelopment)
        {
            // The nonce cookie has done its job once the backend resolved it.
            directives.Add(cookies.Directive(ProtocolNames.HandshakeNonce, string.Empty, 0, instance.CookieDomain, httpOnly: true));
        }

        Log.Handshake(logger, client?.Id ?? "none", jwt is null ? "signed-out" : "signed-in");
        return directives;
    }

    /// <summary>Stores directives under a new nonce (≤ 60 s, one use) and returns the nonce.</summary>
    public async Task<string> StoreAsync(IReadOnlyList<string> directives, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var nonce = SecureRandom.Token();
        db.HandshakeNonces.Add(new HandshakeNonceEntity
        {
            NonceHash = SecureRandom.Hash(nonce),
            Directives = JsonSerializer.Serialize(directives),
            CreatedAt = now,
            ExpiresAt = now + options.Value.HandshakeNonceLifetime,
        });
        await db.SaveChangesAsync(cancellationToken);
        // Housekeeping: expired nonces are useless; removing them keeps the table small.
        await db.HandshakeNonces.Where(n => n.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
        return nonce;
    }

    /// <summary>Takes the directives stored under a nonce, once: a second call, or a call after expiry, gets null.</summary>
    public async Task<IReadOnlyList<string>?> RedeemAsync(string nonce, CancellationToken cancellationToken)
    {
        var hash = SecureRandom.Hash(nonce);
        var row = await db.HandshakeNonces.AsNoTracking().FirstOrDefaultAsync(n => n.NonceHash == hash, cancellationToken);
        if (row is null)
        {
            return null;
        }

        // The delete decides who wins when two requests redeem the same nonce at once.
        var deleted = await db.HandshakeNonces.Where(n => n.NonceHash == hash).ExecuteDeleteAsync(cancellationToken);
        if (deleted != 1 || row.ExpiresAt <= time.GetUtcNow())
        {
            return null;
        }

        return JsonSerializer.Deserialize<List<string>>(row.Directives);
    }
}
