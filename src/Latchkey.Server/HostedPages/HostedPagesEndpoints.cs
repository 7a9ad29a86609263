using Latchkey.Server.FrontendApi.Errors;
using Microsoft.AspNetCore.Cors;
using Latchkey.Server.FrontendApi.Http;
using Latchkey.Server.Instance;
using Latchkey.Server.Storage;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;

namespace Latchkey.Server.HostedPages;

/// <summary>
/// Maps the hosted pages (<c>/</c>, <c>/sign-in</c>, <c>/sign-up</c>, <c>/verify</c>,
/// <c>/account</c>) and their assets. Server-rendered HTML, no script. Posts of credentials
/// share the Frontend API's per-IP credential budget; everything else the default budget.
/// </summary>
internal static class HostedPagesEndpoints
{
    public static IEndpointRouteBuilder MapHostedPages(this IEndpointRouteBuilder app)
    {
        PageAssets.Map(app).RequireRateLimiting(RateLimitPolicies.Default).WithMetadata(new DisableCorsAttribute());
        Page(app.MapGet(PageNames.Landing, LandingPage.GetAsync), PageNames.Landing);
        Page(app.MapGet(PageNames.SignIn, SignInPage.GetAsync), PageNames.SignIn);
        Page(app.MapPost(PageNames.SignIn, SignInPage.PostAsync), PageNames.SignIn, credentials: true);
        Page(app.MapGet(PageNames.SignUp, SignUpPage.Get), PageNames.SignUp);
        Page(app.MapPost(PageNames.SignUp, SignUpPage.PostAsync), PageNames.SignUp, credentials: true);
        Page(app.MapGet(PageNames.Verify, VerifyPage.GetAsync), PageNames.Verify);
        Page(app.MapPost(PageNames.Verify, VerifyPage.PostAsync), PageNames.Verify, credentials: true);
        Page(app.MapGet(PageNames.Account, AccountPage.GetAsync), PageNames.Account);
        Page(app.MapPost(PageNames.Account, AccountActions.PostAsync), PageNames.Account);
        return app;
    }

    // No CORS: pages are for this origin's own navigations and forms, never for another origin's fetch.
    private static void Page(RouteHandlerBuilder endpoint, string path, bool credentials = false)
    {
        endpoint
            .WithMetadata(new HostedPageEndpoint(path))
            .WithMetadata(new DisableCorsAttribute())
            .AddEndpointFilter<HostedPageFilter>();
        if (credentials)
        {
            endpoint.RequireCredentialBudgets();
        }
        else
        {
            endpoint.RequireRateLimiting(RateLimitPolicies.Default);
        }
    }
}

/// <summary>
/// Runs around every hosted page: sets the security headers; takes a dev-browser token out of
/// a page's URL (a page never adopts an identity from its link, and the token should not stay
/// in the address bar or history); turns a store conflict into a 409 page.
/// </summary>
internal sealed class HostedPageFilter(PageSecurityHeaders headers, PageErrorPage errors, ILogger<HostedPageFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        headers.Apply(http);
        var page = http.GetEndpoint()?.Metadata.GetMetadata<HostedPageEndpoint>()?.Path ?? PageNames.Landing;
        if (HttpMethods.IsGet(http.Request.Method) && http.Request.Query.ContainsKey(ProtocolNames.DevBrowser))
        {
            var rest = http.Request.Query.Where(q => q.Key != ProtocolNames.DevBrowser)
                .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, StringValues>(q.Key, v)));
            return PageResult.SeeOther(QueryHelpers.AddQueryString(page, rest));
        }

        try
        {
            return await next(context);
        }
        catch (DbUpdateException e) when (StoreConflicts.IsConflict(e))
        {
            Log.ConcurrencyConflict(logger, http.Request.Path);
            return errors.Result(http, page, ApiErrors.Conflict());
        }
    }
}
