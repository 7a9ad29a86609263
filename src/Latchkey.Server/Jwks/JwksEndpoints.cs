using Latchkey.Server.Keys;

namespace Latchkey.Server.Jwks;

/// <summary>
/// <c>GET /.well-known/jwks.json</c>: the public keys of every signing key whose tokens may
/// still be valid (the current key, and retired keys until their last token has expired).
/// </summary>
internal static class JwksEndpoints
{
    public static IEndpointRouteBuilder MapJwks(this IEndpointRouteBuilder app)
    {
        app.MapGet("/.well-known/jwks.json", (HttpContext http, SigningKeyStore keys, TimeProvider time) =>
        {
            // Short public caching: verifiers refetch on an unknown kid anyway.
            http.Response.Headers.CacheControl = "public, max-age=60";
            http.Response.Headers.AccessControlAllowOrigin = "*";
            return Results.Text(keys.Ring.ToJwks(time.GetUtcNow()).ToJson(), "application/json");
        }).WithName("GetWellKnownJwks").WithSummary("The public signing keys (JWK Set), without authentication").WithTags(FrontendApi.FrontendApiDocumentation.Tag)
            .Produces<object>(contentType: "application/json");
        return app;
    }
}
