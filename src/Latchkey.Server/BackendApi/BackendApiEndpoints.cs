using Latchkey.Server.BackendApi.Http;
using Latchkey.Server.BackendApi.Administration;
using Latchkey.Server.BackendApi.Sessions;
using Latchkey.Server.BackendApi.Users;
using Latchkey.Server.FrontendApi.Errors;
using Latchkey.Server.FrontendApi.Http;

namespace Latchkey.Server.BackendApi;

/// <summary>
/// Maps the Backend API under <c>/v1</c> (protocol.md §10): every endpoint behind a secret key
/// (<see cref="SecretKeyFilter"/>), <c>Clerk-API-Version</c> accepted and echoed, store conflicts
/// answered 409, its own rate-limit budget. Instance administration (Latchkey-only) answers
/// RFC 7807 problem details.
/// </summary>
internal static class BackendApiEndpoints
{
    public const string Tag = "Backend API";
    public const string AdminTag = "Instance administration (Latchkey)";

    public static IEndpointRouteBuilder MapBackendApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1")
            .AddEndpointFilter<SecretKeyFilter>()
            .AddEndpointFilter<ApiVersionFilter>()
            .AddEndpointFilter<StoreErrorFilter>()
            .RequireRateLimiting(RateLimitPolicies.Backend)
            .WithMetadata(SecretKeyRequired.Instance)
            .WithTags(Tag)
            .WithMetadata(
                new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(ErrorEnvelope.EnvelopeJson), [BackendNames.JsonContentType]),
                new ProducesResponseTypeMetadata(StatusCodes.Status422UnprocessableEntity, typeof(ErrorEnvelope.EnvelopeJson), [BackendNames.JsonContentType]));
        group.MapHandshakePayload();
        group.MapBackendSessions();
        group.MapUsers();

        var admin = app.MapGroup("/v1")
            .AddEndpointFilter<SecretKeyFilter>()
            .AddEndpointFilter<ApiVersionFilter>()
            .RequireRateLimiting(RateLimitPolicies.Backend)
            .WithMetadata(LatchkeyOnlyEndpoint.Instance, SecretKeyRequired.Instance)
            .WithTags(AdminTag)
            .WithMetadata(
                new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), [BackendNames.ProblemContentType]),
                new ProducesResponseTypeMetadata(StatusCodes.Status422UnprocessableEntity, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), [BackendNames.ProblemContentType]));
        admin.MapInstanceAdministration();
        return app;
    }
}
