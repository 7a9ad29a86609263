using Latchkey.Server.FrontendApi.Errors;
using Latchkey.Server.FrontendApi.Handshake;
using Latchkey.Server.FrontendApi.Http;
using Latchkey.Server.Keys;

namespace Latchkey.Server.BackendApi;

/// <summary>
/// <c>GET /v1/clients/handshake_payload?nonce=</c> (Backend API, protocol.md §6.4): exchanges a
/// handshake nonce for its directives, once, for a caller holding a live secret key.
/// <c>GET /v1/jwks</c> (protocol.md §4.3): the signing keys, as <c>/.well-known/jwks.json</c>,
/// for the same callers: backends configured with a secret key (Latchkey.AspNetCore, Clerk's
/// backend SDKs) fetch their keys here.
/// </summary>
internal static class HandshakePayloadEndpoints
{
    public static IEndpointRouteBuilder MapBackendApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").RequireRateLimiting(RateLimitPolicies.Default);
        group.MapGet("/clients/handshake_payload", HandshakePayload);
        group.MapGet("/jwks", Jwks);
        return app;
    }

    private static async Task<IResult> Jwks(HttpContext http, SecretKeys secretKeys, SigningKeyStore keys, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await RefuseSecretKeyAsync(http, secretKeys, cancellationToken) is { } refused)
        {
            return refused;
        }

        http.Response.Headers.CacheControl = "no-store";
        return Results.Text(keys.Ring.ToJwks(time.GetUtcNow()).ToJson(), "application/json");
    }

    private static async Task<IResult> HandshakePayload(HttpContext http, SecretKeys secretKeys, HandshakeService handshakes, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("Latchkey.Server.BackendApi");
        if (await RefuseSecretKeyAsync(http, secretKeys, cancellationToken) is { } refused)
        {
            Log.HandshakePayloadRefused(logger, ErrorCodes.SecretKeyInvalid);
            return refused;
        }

        var nonces = http.Request.Query["nonce"];
        if (nonces.Count != 1 || !Clients.ClientResolver.IsWellFormed(nonces[0]))
        {
            return FrontendResponder.Error(http, nonces.Count == 0 ? ApiErrors.Missing("nonce") : ApiErrors.Invalid("nonce", "nonce is the value the handshake redirect carried."));
        }

        var directives = await handshakes.RedeemAsync(nonces[0]!, cancellationToken);
        if (directives is null)
        {
            Log.HandshakePayloadRefused(logger, ErrorCodes.NonceInvalid);
            return FrontendResponder.Error(http, new ApiError(404, ErrorCodes.NonceInvalid, "Handshake nonce invalid",
                "The nonce is unknown, expired or already used; start a new handshake."));
        }

        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(new Dictionary<string, object> { ["directives"] = directives });
    }

    /// <summary>401 <c>clerk_key_invalid</c> unless the request carries a live secret key as a Bearer token.</summary>
    private static async Task<IResult?> RefuseSecretKeyAsync(HttpContext http, SecretKeys secretKeys, CancellationToken cancellationToken)
    {
        var authorization = http.Request.Headers.Authorization.ToString();
        var presented = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..].Trim() : null;
        if (await secretKeys.IsValidAsync(presented, cancellationToken))
        {
            return null;
        }

        return FrontendResponder.Error(http, new ApiError(401, ErrorCodes.SecretKeyInvalid, "Secret key invalid",
            "Send a live secret key of this instance as 'Authorization: Bearer sk_...'."));
    }
}
