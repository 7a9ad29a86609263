using System.Globalization;
using System.Text;
using Latchkey.Server.HostedPages.Markup;

namespace Latchkey.Server.HostedPages;

/// <summary>Writes a rendered page as <c>text/html</c> with its status (and <c>Retry-After</c> when asked).</summary>
internal sealed class PageResult(Html document, int status = StatusCodes.Status200OK, int? retryAfterSeconds = null) : IResult
{
    public int Status => status;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = status;
        if (retryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        var bytes = Encoding.UTF8.GetBytes(document.ToString());
        response.ContentType = "text/html; charset=utf-8";
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, httpContext.RequestAborted);
    }

    /// <summary>A 303 See Other: after a form post the browser follows with a GET.</summary>
    public static IResult SeeOther(string location) => new SeeOtherResult(location);

    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
