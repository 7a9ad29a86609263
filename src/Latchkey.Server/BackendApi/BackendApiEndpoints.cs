using Latchkey.Server.BackendApi.Http;
using Latchkey.Server.BackendApi.Administration;
using Latchkey.Server.BackendApi.Sessions;
using Latchkey.Server.BackendApi.Users;
using Latchkey.Server.FrontendApi.Errors;
using Latchkey.Server.FrontendApi.Http;

namespace Latchkey.Server.BackendApi;

/// <summary>
/// Maps the Backend API under <c>/v1</c> (protocol.md §10): every endpoint behind a secret key
/// (<see cref="SecretKeyFilter"/>), <c>Clerk-API-Version</c> accepted and echoed, its own
/// rate-limit budget. The endpoints Clerk's SDKs call answer errors in the protocol's envelope
/// and store conflicts 409; the Latchkey-only ones (instance administration, the revocation feed)
/// answer RFC 7807 problem details.
/// </summary>
internal static class BackendApiEndpoints
{
    public const string Tag = "Backend API";
    public const string AdminTag = "Instance administration (Latchkey)";
    public const string RevocationFeedTag = "Revocation feed (Latchkey)";

    public static IEndpointRouteBuilder MapBackendApi(this IEndpointRouteBuilder app)
    {
        var group = SecretKeyGroup(app)
            .AddEndpointFilter<StoreErrorFilter>()
            .WithTags(Tag)
            .WithMetadata(
                new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(ErrorEnvelope.EnvelopeJson), [BackendNames.JsonContentType]),
                new ProducesResponseTypeMetadata(StatusCodes.Status422UnprocessableEntity, typeof(ErrorEnvelope.EnvelopeJson), [BackendNames.JsonContentType]));
        group.MapHandshakePayload();
        group.MapBackendSessions();
        group.MapUsers();

        var admin = LatchkeyOnlyGroup(app, AdminTag)
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status422UnprocessableEntity, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), [BackendNames.ProblemContentType]));
        admin.MapInstanceAdministration();

        LatchkeyOnlyGroup(app, RevocationFeedTag).MapRevocationFeed();
        return app;
    }

    /// <summary>What every Backend API endpoint shares: the secret key, the API version header, the Backend rate-limit budget.</summary>
    private static RouteGroupBuilder SecretKeyGroup(IEndpointRouteBuilder app) => app.MapGroup("/v1")
        .AddEndpointFilter<SecretKeyFilter>()
        .AddEndpointFilter<ApiVersionFilter>()
        .RequireRateLimiting(RateLimitPolicies.Backend)
        .WithMetadata(SecretKeyRequired.Instance);

    /// <summary>Endpoints only Latchkey has: errors, the 401 included, are RFC 7807 problem details (design.md, Errors).</summary>
    private static RouteGroupBuilder LatchkeyOnlyGroup(IEndpointRouteBuilder app, string tag) => SecretKeyGroup(app)
        .WithMetadata(LatchkeyOnlyEndpoint.Instance)
        .WithTags(tag)
        .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), [BackendNames.ProblemContentType]));
}
