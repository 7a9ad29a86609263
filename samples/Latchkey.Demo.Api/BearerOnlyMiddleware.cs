namespace Latchkey.Demo.Api;

/// <summary>
/// Makes this API accept Bearer tokens only, as an API on another site would: the request's
/// cookies are dropped before authentication.
/// </summary>
/// <remarks>
/// Locally everything runs on <c>http://127.0.0.1</c>, and cookies ignore ports, so a page on
/// port 5200 that calls port 5300 with <c>credentials: 'include'</c> would send its
/// <c>__session</c> cookie along and be authenticated by it. On a real deployment the API sits on
/// another host (<c>__session</c> is host-only) and never sees that cookie; dropping it here keeps
/// the demo honest about what a cross-origin API receives.
/// </remarks>
internal sealed class BearerOnlyMiddleware(RequestDelegate next)
{
    /// <summary>Removes the <c>Cookie</c> header, then continues.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        context.Request.Headers.Remove("Cookie");
        return next(context);
    }
}
