using System.Text.Json;
using Latchkey.Server.Clients;
using Latchkey.Server.Configuration;
using Latchkey.Server.Crypto;
using Latchkey.Server.FrontendApi.Tokens;
using Latchkey.Server.Instance;
using Latchkey.Server.Keys;
using Latchkey.Server.Sessions;
using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;
using Latchkey.Tokens;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.FrontendApi.Handshake;

/// <summary>
/// Decides the cookies an app domain should hold for the request's client (protocol.md §6.2):
/// a fresh <c>__session</c> and <c>__client_uat</c> while signed in, deletions and
/// <c>__client_uat=0</c> when signed out, suffixed twins when the backend asked for them,
/// and hands them over either stored under a one-time nonce (<c>format=nonce</c>) or as the
/// legacy signed payload, a JWS of <c>{"handshake":[...],"iat","exp"}</c> signed with the
/// instance's current signing key (protocol.md §6.2 step 3).
/// </summary>
internal sealed class HandshakeService(
    LatchkeyDbContext db,
    ClientResolver resolver,
    ClientView view,
    TokenService tokens,
    SigningKeyStore keys,
    ClientCookies cookies,
    InstanceIdentity instance,
    IOptions<LatchkeyServerOptions> options,
    TimeProvider time,
    ILogger<HandshakeService> logger)
{
    /// <summary>The app-domain cookies stay for a year; the token inside expires after its own lifetime.</summary>
    private const int SessionCookieMaxAgeSeconds = 31_536_000;

    /// <summary>
    /// The cookies the app domain should hold. <paramref name="transportCookie"/> is the cookie
    /// that carried the handshake back in production (<c>__clerk_handshake_nonce</c> or
    /// <c>__clerk_handshake</c>); the directives delete it once the backend has applied them.
    /// </summary>
    public async Task<List<string>> DirectivesAsync(HttpContext http, Uri redirectUrl, bool suffixed, string transportCookie, CancellationToken cancellationToken)
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
            // The transport cookie has done its job once the backend resolved it.
            directives.Add(cookies.Directive(transportCookie, string.Empty, 0, instance.CookieDomain, httpOnly: true));
        }

        Log.Handshake(logger, client?.Id ?? "none", jwt is null ? "signed-out" : "signed-in");
        return directives;
    }

    /// <summary>
    /// The legacy signed payload: <c>{"handshake":[directives],"iat","exp"}</c>, signed with the
    /// current signing key under the session category, as the protocol's verifiers expect
    /// (protocol.md §3.7, §6.4). It carries no <c>sub</c>, so it never passes as a session token;
    /// <c>exp</c> is <see cref="LatchkeyServerOptions.HandshakeNonceLifetime"/> after <c>iat</c>
    /// (Latchkey's backends refuse it afterwards; the reference ignores both).
    /// </summary>
    public string SignPayload(IReadOnlyList<string> directives)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(2048);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("handshake"u8);
            foreach (var directive in directives)
            {
                w.WriteStringValue(directive);
            }

            w.WriteEndArray();
            w.WriteNumber("iat"u8, now);
            w.WriteNumber("exp"u8, now + (long)options.Value.HandshakeNonceLifetime.TotalSeconds);
            w.WriteEndObject();
        }

        return JwsSigner.Sign(buffer.WrittenSpan, keys.Ring.Current, TokenCategories.Session);
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
