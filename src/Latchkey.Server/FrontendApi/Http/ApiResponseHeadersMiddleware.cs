namespace Latchkey.Server.FrontendApi.Http;

/// <summary>
/// Headers on every API answer: <c>Cache-Control: no-store</c> (client JSON holds personal
/// data and answers change with cookies), <c>X-Content-Type-Options: nosniff</c> and
/// <c>Referrer-Policy: no-referrer</c> (redirects carry nonces and dev-browser tokens) unless
/// the endpoint chose its own (hosted pages need <c>same-origin</c> so that their form posts
/// keep their <c>Origin</c> header).
/// </summary>
internal sealed class ApiResponseHeadersMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var response = ((HttpContext)state).Response;
            if (!response.Headers.ContainsKey("Cache-Control"))
            {
                response.Headers.CacheControl = "no-store";
            }

            response.Headers.XContentTypeOptions = "nosniff";
            if (!response.Headers.ContainsKey("Referrer-Policy"))
            {
                response.Headers["Referrer-Policy"] = "no-referrer";
            }

            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
