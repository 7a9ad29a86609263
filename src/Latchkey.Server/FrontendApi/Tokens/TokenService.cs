using Latchkey.Server.Clients;
using Latchkey.Server.Configuration;
using Latchkey.Server.FrontendApi.Errors;
using Latchkey.Server.FrontendApi.Http;
using Latchkey.Server.FrontendApi.Sessions;
using Latchkey.Server.Instance;
using Latchkey.Server.Keys;
using Latchkey.Server.Sessions;
using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;
using Latchkey.Tokens;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.FrontendApi.Tokens;

/// <summary>
/// Mints session tokens (protocol.md §3, §9.4). The session, its client and its user are
/// checked on every mint, from the in-memory session cache; the mint writes nothing to the
/// database (last-active times are batched by <see cref="LastActiveTracker"/>).
/// </summary>
internal sealed class TokenService(
    ClientResolver resolver,
    ClientIdentityCache identities,
    SessionStateCache cache,
    SessionLifetime lifetime,
    LastActiveTracker lastActive,
    SigningKeyStore keys,
    SessionTokenMinter minter,
    InstanceIdentity instance,
    OriginPolicy origins,
    IServiceProvider services,
    IOptions<LatchkeyServerOptions> options,
    TimeProvider time,
    ILogger<TokenService> logger)
{
    /// <summary>Mints a token for a session of the request's client, with <c>azp</c> from an allowed <c>Origin</c>.</summary>
    public async Task<Outcome<string>> MintForRequestAsync(HttpContext http, string sessionId, CancellationToken cancellationToken)
    {
        // A browser mints about once a minute, so with a cache shorter than that its client and
        // session are usually both cold: read them in one query, then decide from memory below.
        if (sessionId.Length <= StorageLimits.Id && resolver.UncachedClientCookieHash(http) is { } hash)
        {
            await cache.LoadWithClientAsync(sessionId, hash, identities, cancellationToken);
        }

        var client = await resolver.FindIdAsync(http, cancellationToken);
        if (client.Failed)
        {
            return client.Error!;
        }

        if (client.Value is null)
        {
            return new ApiError(401, ErrorCodes.AuthenticationInvalid, "Signed out", "This browser has no client; sign in first.");
        }

        var origin = http.Request.Headers.Origin.ToString();
        return await MintAsync(client.Value, sessionId, origins.IsAllowed(origin) ? origin : null, cancellationToken);
    }

    /// <summary>
    /// Mints for a session of <paramref name="clientId"/> (null: of any client, for the Backend API);
    /// <paramref name="authorizedParty"/> must already be allowed; <paramref name="tokenLifetime"/>
    /// defaults to <see cref="LatchkeyServerOptions.TokenLifetime"/>.
    /// </summary>
    public Task<Outcome<string>> MintAsync(string? clientId, string sessionId, string? authorizedParty, CancellationToken cancellationToken, TimeSpan? tokenLifetime = null) =>
        MintAsync(clientId, sessionId, authorizedParty, cancellationToken, tokenLifetime, retried: false);

    private async Task<Outcome<string>> MintAsync(string? clientId, string sessionId, string? authorizedParty, CancellationToken cancellationToken, TimeSpan? tokenLifetime, bool retried)
    {
        // Pending activity first: a batch the flusher commits meanwhile is then in the state read next.
        var pending = lastActive.Pending(sessionId);
        var state = sessionId.Length > StorageLimits.Id ? null : await cache.GetAsync(sessionId, cancellationToken);
        if (state is null || (clientId is not null && state.ClientId != clientId))
        {
            return ApiErrors.NotFound(ErrorCodes.SessionNotFound, "session");
        }

        var now = time.GetUtcNow();
        var lastActiveAt = pending is { } p && p > state.LastActiveAt ? p : state.LastActiveAt;
        var status = lifetime.EffectiveStatus(state.Status, state.ExpireAt, lastActiveAt, now);
        if (status != SessionStatus.Active)
        {
            if (state.Status == SessionStatus.Active && !await MarkExpiredAsync(sessionId, pending ?? DateTimeOffset.MinValue, now, cancellationToken))
            {
                // The database disagrees with the cached state (another instance recorded newer
                // activity): decide again from the row itself, once.
                if (!retried)
                {
                    return await MintAsync(clientId, sessionId, authorizedParty, cancellationToken, tokenLifetime, retried: true);
                }
            }

            Log.MintRefused(logger, sessionId, status);
            return TokenErrors.ForStatus(status);
        }

        if (state.UserBanned)
        {
            Log.MintRefused(logger, sessionId, ErrorCodes.UserBanned);
            return TokenErrors.Banned();
        }

        var jwt = minter.Mint(new SessionTokenDescriptor
        {
            Subject = state.UserId,
            SessionId = state.Id,
            Issuer = instance.FrontendApiUrl,
            AuthorizedParty = authorizedParty,
            IssuedAt = now,
            Lifetime = tokenLifetime ?? options.Value.TokenLifetime,
            NotBeforeSkew = options.Value.NotBeforeOffset,
            SessionStatus = SessionStatus.Active,
        }, keys.Ring.Current);
        lastActive.Record(sessionId, now);
        return jwt;
    }

    /// <summary>
    /// An active session found past its lifetime becomes expired for good (the rare write on this
    /// path). The condition is checked again by the database against the row (maximum lifetime,
    /// inactivity against the stored last-active time and this instance's unwritten one), because
    /// the cached state may predate activity that another instance recorded. False when the row
    /// was not expired (or no longer active): the cached state is dropped either way.
    /// </summary>
    private async Task<bool> MarkExpiredAsync(string sessionId, DateTimeOffset pendingActivity, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<LatchkeyDbContext>();
        var inactiveBefore = options.Value.SessionInactivityTimeout is { } inactivity ? now - inactivity : DateTimeOffset.MinValue;
        var expiredByInactivity = pendingActivity < inactiveBefore;
        var updated = await db.Sessions
            .Where(s => s.Id == sessionId && s.Status == SessionStatus.Active
                && (s.ExpireAt <= now || (expiredByInactivity && s.LastActiveAt < inactiveBefore)))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SessionStatus.Expired).SetProperty(x => x.EndedAt, now).SetProperty(x => x.Version, Guid.NewGuid()), cancellationToken);
        cache.Invalidate(sessionId);
        return updated > 0;
    }
}
