using System.Buffers.Text;
using Latchkey.Server.Crypto;
using Latchkey.Server.FrontendApi.Errors;
using Latchkey.Server.Instance;
using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Latchkey.Server.Clients;

/// <summary>
/// Identifies the browser's client: on development instances by the dev-browser token (query
/// <c>__clerk_db_jwt</c>, else its cookie, suffixed first), then by the <c>__client</c> cookie.
/// Token values are checked for shape before any lookup and only their hashes are queried.
/// </summary>
internal sealed class ClientResolver(InstanceIdentity instance, ClientIdentityCache cache, IServiceProvider services, TimeProvider time)
{
    // Compiled once: the token endpoint looks every client up once per cache duration.
    private static readonly PerModelQuery<Func<LatchkeyDbContext, byte[], DateTimeOffset, CancellationToken, Task<string?>>> ClientIdByTokenHashAsync = new(() =>
        EF.CompileAsyncQuery((LatchkeyDbContext db, byte[] hash, DateTimeOffset now, CancellationToken cancellationToken) =>
            db.Clients.AsNoTracking().Where(c => c.TokenHash == hash && c.CookieExpiresAt > now).Select(c => c.Id).FirstOrDefault()));

    private static readonly PerModelQuery<Func<LatchkeyDbContext, byte[], CancellationToken, Task<string?>>> ClientIdByDevBrowserHashAsync = new(() =>
        EF.CompileAsyncQuery((LatchkeyDbContext db, byte[] hash, CancellationToken cancellationToken) =>
            db.DevBrowsers.AsNoTracking().Where(d => d.TokenHash == hash).Select(d => d.ClientId).FirstOrDefault()));

    private LatchkeyDbContext? _db;
    private string? _hashedToken;
    private byte[]? _tokenHash;

    // The request's own (pooled) context, rented only when a lookup misses the cache: a token
    // mint served from the caches rents none. Same scope, so entities stay tracked for the caller.
    private LatchkeyDbContext Db => _db ??= services.GetRequiredService<LatchkeyDbContext>();

    /// <summary>
    /// The tracked client entity, or null when the request names none. Hosted pages pass
    /// <paramref name="devBrowserFromQuery"/> false: a page never adopts an identity from its URL
    /// (a link could otherwise plant a dev browser the sender knows).
    /// </summary>
    public async Task<Outcome<ClientEntity?>> FindAsync(HttpContext http, CancellationToken cancellationToken, bool includeDevBrowser = true, bool devBrowserFromQuery = true)
    {
        var id = await FindIdAsync(http, cancellationToken, includeDevBrowser, devBrowserFromQuery);
        if (id.Failed)
        {
            return id.Error!;
        }

        if (id.Value is null)
        {
            return (ClientEntity?)null;
        }

        var client = await Db.Clients.FirstOrDefaultAsync(c => c.Id == id.Value, cancellationToken);
        return client is not null && client.CookieExpiresAt > time.GetUtcNow() ? client : (ClientEntity?)null;
    }

    /// <summary>A client by id (the tracked entity when this request created it).</summary>
    public async Task<ClientEntity?> FindByIdAsync(string id, CancellationToken cancellationToken) =>
        await Db.Clients.FindAsync([id], cancellationToken);

    /// <summary>The client id (served from the identity cache when fresh), or null.</summary>
    public async Task<Outcome<string?>> FindIdAsync(HttpContext http, CancellationToken cancellationToken, bool includeDevBrowser = true, bool devBrowserFromQuery = true)
    {
        if (instance.IsDevelopment && includeDevBrowser)
        {
            var query = devBrowserFromQuery ? http.Request.Query[ProtocolNames.DevBrowser] : default;
            if (query.Count > 0)
            {
                var fromQuery = query.Count == 1 ? await FindByDevBrowserAsync(query[0], cancellationToken) : null;
                return fromQuery is null ? ApiErrors.DevBrowserUnauthenticated() : fromQuery;
            }

            foreach (var name in new[] { instance.Suffixed(ProtocolNames.DevBrowser), ProtocolNames.DevBrowser })
            {
                if (http.Request.Cookies.TryGetValue(name, out var value) && await FindByDevBrowserAsync(value, cancellationToken) is { } fromCookie)
                {
                    return fromCookie;
                }
            }
        }

        if (http.Request.Cookies.TryGetValue(ProtocolNames.ClientCookie, out var token) && IsWellFormed(token))
        {
            var hash = HashOf(token);
            if (cache.TryGet(hash, out var cached))
            {
                return cached;
            }

            var epoch = cache.Epoch;
            string? clientId;
            try
            {
                clientId = await ClientIdByTokenHashAsync.For(Db)(Db, hash, time.GetUtcNow(), cancellationToken);
            }
            catch (Exception e) when (Storage.StoreUnavailable.Is(e) && cache.TryGetThroughOutage(hash, out var stale))
            {
                return stale;
            }

            if (clientId is not null)
            {
                cache.Set(hash, clientId, epoch);
            }

            return clientId;
        }

        return (string?)null;
    }

    /// <summary>Whether <paramref name="token"/> is a dev-browser token bound to <paramref name="clientId"/>.</summary>
    public async Task<bool> IsDevBrowserOfAsync(string? token, string clientId, CancellationToken cancellationToken) =>
        await FindByDevBrowserAsync(token, cancellationToken) == clientId;

    private async Task<string?> FindByDevBrowserAsync(string? token, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(token))
        {
            return null;
        }

        var hash = HashOf(token!);
        if (cache.TryGet(hash, out var cached))
        {
            return cached;
        }

        var epoch = cache.Epoch;
        string? clientId;
        try
        {
            clientId = await ClientIdByDevBrowserHashAsync.For(Db)(Db, hash, cancellationToken);
        }
        catch (Exception e) when (Storage.StoreUnavailable.Is(e) && cache.TryGetThroughOutage(hash, out var stale))
        {
            return stale;
        }

        if (clientId is not null)
        {
            cache.Set(hash, clientId, epoch);
        }

        return clientId;
    }

    /// <summary>
    /// The SHA-256 of the <c>__client</c> cookie when that cookie is what identifies this request
    /// (a well-formed cookie and, on development instances, no dev-browser token, which would
    /// win), and <see cref="FindIdAsync"/> would have to look it up: the identity cache has no
    /// fresh entry. Null otherwise.
    /// </summary>
    public byte[]? UncachedClientCookieHash(HttpContext http)
    {
        if (instance.IsDevelopment && (http.Request.Query.ContainsKey(ProtocolNames.DevBrowser)
            || http.Request.Cookies.ContainsKey(ProtocolNames.DevBrowser) || http.Request.Cookies.ContainsKey(instance.Suffixed(ProtocolNames.DevBrowser))))
        {
            return null;
        }

        if (!http.Request.Cookies.TryGetValue(ProtocolNames.ClientCookie, out var token) || !IsWellFormed(token))
        {
            return null;
        }

        var hash = HashOf(token);
        return cache.TryGet(hash, out _) ? null : hash;
    }

    /// <summary>
    /// The SHA-256 of a token, computed once per request: the token endpoint asks
    /// <see cref="UncachedClientCookieHash"/> and then <see cref="FindIdAsync"/> about the same cookie.
    /// </summary>
    private byte[] HashOf(string token)
    {
        if (_tokenHash is null || !string.Equals(_hashedToken, token, StringComparison.Ordinal))
        {
            _tokenHash = SecureRandom.Hash(token);
            _hashedToken = token;
        }

        return _tokenHash;
    }

    /// <summary>Tokens are 43 base64url characters; anything else is ignored without a lookup.</summary>
    internal static bool IsWellFormed(string? token) =>
        token is { Length: 43 } && Base64Url.IsValid(token);
}
