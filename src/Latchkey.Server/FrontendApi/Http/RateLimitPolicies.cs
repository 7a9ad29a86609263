using System.Threading.RateLimiting;
using Latchkey.Server.Configuration;
using Latchkey.Server.FrontendApi.Errors;
using Microsoft.AspNetCore.RateLimiting;

namespace Latchkey.Server.FrontendApi.Http;

/// <summary>
/// ASP.NET Core rate-limiting policies, each a fixed window per client IP address:
/// credential endpoints (tight), the token endpoint (generous), everything else. Rejections
/// answer 429 in the protocol's error envelope with <c>Retry-After</c> (hosted pages: an HTML page).
/// </summary>
internal static class RateLimitPolicies
{
    public const string Credentials = "latchkey-credentials";
    public const string Tokens = "latchkey-tokens";
    public const string Default = "latchkey-default";
    public const string Backend = "latchkey-backend";

    public static IServiceCollection AddLatchkeyRateLimits(this IServiceCollection services, RateLimitOptions limits)
    {
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(Credentials, http => PerIp(http, Credentials, limits.CredentialRequestsPerIp, limits.Window));
            options.AddPolicy(Tokens, http => PerIp(http, Tokens, limits.TokenRequestsPerIp, limits.Window));
            options.AddPolicy(Default, http => PerIp(http, Default, limits.OtherRequestsPerIp, limits.Window));
            options.AddPolicy(Backend, http => PerIp(http, Backend, limits.BackendRequestsPerIp, limits.Window));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? (int)Math.Ceiling(retryAfter.TotalSeconds)
                    : (int)Math.Ceiling(limits.Window.TotalSeconds);
                var error = ApiErrors.TooManyRequests(Math.Max(1, seconds));
                if (!await HostedPages.PageErrorPage.TryWriteAsync(context.HttpContext, error))
                {
                    await ErrorEnvelope.WriteAsync(context.HttpContext, error);
                }
            };
        });
        return services;
    }

    /// <summary>The credential budgets of an endpoint: this process's per-IP window, then the one shared through the database.</summary>
    public static RouteHandlerBuilder RequireCredentialBudgets(this RouteHandlerBuilder endpoint) =>
        endpoint.RequireRateLimiting(Credentials).AddEndpointFilter<SharedCredentialBudgetFilter>();

    private static RateLimitPartition<string> PerIp(HttpContext http, string policy, int permits, TimeSpan window) =>
        RateLimitPartition.GetFixedWindowLimiter(
            policy + ":" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true });
}
