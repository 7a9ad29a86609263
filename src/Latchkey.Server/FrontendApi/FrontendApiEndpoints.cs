using Latchkey.Server.FrontendApi.ClientEndpoints;
using Latchkey.Server.FrontendApi.Environment;
using Latchkey.Server.FrontendApi.Handshake;
using Latchkey.Server.FrontendApi.Http;
using Latchkey.Server.FrontendApi.Sessions;
using Latchkey.Server.FrontendApi.SignIns;
using Latchkey.Server.FrontendApi.SignUps;
using Latchkey.Server.FrontendApi.Tokens;

namespace Latchkey.Server.FrontendApi;

/// <summary>Maps the browser-facing Frontend API under <c>/v1</c> (protocol.md §9.3).</summary>
internal static class FrontendApiEndpoints
{
    public static IEndpointRouteBuilder MapFrontendApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1")
            .AddEndpointFilter<CsrfFilter>()
            .AddEndpointFilter<StoreErrorFilter>()
            .RequireRateLimiting(RateLimitPolicies.Default);
        ((IEndpointConventionBuilder)group).Add(FrontendApiDocumentation.Annotate);
        group.MapEnvironment();
        group.MapClient();
        group.MapSignUps();
        group.MapSignIns();
        group.MapSessions();
        group.MapTokens();
        group.MapHandshake();
        return app;
    }
}
