using Latchkey.Server.BackendApi.Http;
using Latchkey.Server.FrontendApi.Errors;
using Latchkey.Server.FrontendApi.Handshake;
using Latchkey.Server.Keys;

namespace Latchkey.Server.BackendApi;

/// <summary>
/// <c>GET /v1/clients/handshake_payload?nonce=</c> (protocol.md §6.4): exchanges a handshake nonce
/// for its directives, once. <c>GET /v1/jwks</c>: the signing keys, as <c>/.well-known/jwks.json</c>.
/// Both behind the secret key like every Backend API call.
/// </summary>
internal static class HandshakePayloadEndpoints
{
    public static RouteGroupBuilder MapHandshakePayload(this RouteGroupBuilder group)
    {
        group.MapGet("/clients/handshake_payload", HandshakePayload)
            .WithName("GetHandshakePayload").WithSummary("Exchange a handshake nonce for its cookie directives (once)").Produces<HandshakePayloadJson>();
        group.MapGet("/jwks", (SigningKeyStore keys, TimeProvider time) =>
                Results.Text(keys.Ring.ToJwks(time.GetUtcNow()).ToJson(), BackendNames.JsonContentType))
            .WithName("GetJwks").WithSummary("The public signing keys (JWK Set): the current key, a key about to sign, and retired keys until their tokens expired")
            .Produces<object>(contentType: BackendNames.JsonContentType);
        return group;
    }

    private static async Task<IResult> HandshakePayload(HttpContext http, HandshakeService handshakes, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var nonces = http.Request.Query["nonce"];
        if (nonces.Count != 1 || !Clients.ClientResolver.IsWellFormed(nonces[0]))
        {
            return BackendResults.Error(http, nonces.Count == 0 ? ApiErrors.Missing("nonce") : ApiErrors.Invalid("nonce", "nonce is the value the handshake redirect carried."));
        }

        var directives = await handshakes.RedeemAsync(nonces[0]!, cancellationToken);
        if (directives is null)
        {
            Log.HandshakePayloadRefused(loggers.CreateLogger("Latchkey.Server.BackendApi"), ErrorCodes.NonceInvalid);
            return BackendResults.Error(http, new ApiError(404, ErrorCodes.NonceInvalid, "Handshake nonce invalid",
                "The nonce is unknown, expired or already used; start a new handshake."));
        }

        return BackendResults.Json(new HandshakePayloadJson(directives));
    }
}

/// <summary><c>{"directives":["__session=...; Path=/; ...", ...]}</c>: the Set-Cookie strings the backend applies.</summary>
internal sealed record HandshakePayloadJson(IReadOnlyList<string> Directives);
