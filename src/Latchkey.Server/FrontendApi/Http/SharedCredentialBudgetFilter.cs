using Latchkey.Server.Configuration;
using Latchkey.Server.Credentials;
using Latchkey.Server.FrontendApi.Errors;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.FrontendApi.Http;

/// <summary>
/// The per-IP credential budget counted in the database (PostgreSQL), after the in-memory
/// policy <see cref="RateLimitPolicies.Credentials"/> let the request through: several
/// instances then enforce one budget per address between them. Answers 429 with
/// <c>Retry-After</c> like the in-memory limiter (a hosted page gets its HTML error page).
/// </summary>
internal sealed class SharedCredentialBudgetFilter(SharedRateLimiter shared, IOptions<LatchkeyServerOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (shared.Enabled)
        {
            var http = context.HttpContext;
            var key = "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            if (await shared.TryTakeAsync(key, options.Value.RateLimits.CredentialRequestsPerIp, http.RequestAborted) is { } seconds)
            {
                var error = ApiErrors.TooManyRequests(seconds);
                if (!await HostedPages.PageErrorPage.TryWriteAsync(http, error))
                {
                    await ErrorEnvelope.WriteAsync(http, error);
                }

                return Results.Empty;
            }
        }

        return await next(context);
    }
}
