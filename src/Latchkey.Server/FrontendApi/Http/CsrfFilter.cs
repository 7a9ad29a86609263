using Latchkey.Server.FrontendApi.Errors;

namespace Latchkey.Server.FrontendApi.Http;

/// <summary>
/// CSRF defence for state-changing endpoints, on top of SameSite=Lax cookies: a request that
/// carries an <c>Origin</c> must name an allowed origin (<c>null</c> never is); a request
/// without one is refused when <c>Sec-Fetch-Site</c> says it comes from another site.
/// Non-browser callers send neither header and carry no ambient cookies to abuse.
/// </summary>
internal sealed class CsrfFilter(OriginPolicy origins) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            return next(context);
        }

        var origin = request.Headers.Origin;
        if (origin.Count > 0)
        {
            if (origin.Count != 1 || !origins.IsAllowed(origin[0]))
            {
                return ValueTask.FromResult<object?>(ErrorEnvelope.Result(ApiErrors.OriginInvalid(), context.HttpContext));
            }
        }
        else
        {
            var site = request.Headers["Sec-Fetch-Site"].ToString();
            if (site.Length > 0 && site is not ("same-origin" or "none"))
            {
                return ValueTask.FromResult<object?>(ErrorEnvelope.Result(ApiErrors.OriginInvalid(), context.HttpContext));
            }
        }

        return next(context);
    }
}
