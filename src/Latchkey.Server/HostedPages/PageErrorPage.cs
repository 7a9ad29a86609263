using Latchkey.Server.FrontendApi.Errors;
using Latchkey.Server.FrontendApi.Handshake;
using Latchkey.Server.HostedPages.Markup;

namespace Latchkey.Server.HostedPages;

/// <summary>
/// A page that only reports an error: a link that cannot be trusted, a form that failed the
/// CSRF check or could not be read, too many requests, a conflict, an internal error. The
/// code is in <c>data-error-code</c>; a link leads back to a fresh form.
/// </summary>
internal sealed class PageErrorPage(PageLayout layout, RedirectUrlValidator redirects)
{
    public IResult Result(HttpContext http, string pagePath, ApiError error)
    {
        var message = PageMessages.For(error);
        var title = error.Code switch
        {
            ErrorCodes.RedirectUrlInvalid => "This link is not valid",
            ErrorCodes.CsrfTokenInvalid or ErrorCodes.OriginInvalid => "Please reload the form",
            ErrorCodes.TooManyRequests => "Too many requests",
            ErrorCodes.Conflict => "Please try again",
            ErrorCodes.InternalError => "Something went wrong",
            _ => "This request could not be completed",
        };

        // Back to the page's own path; the redirect_url rides along only when it is valid.
        var redirect = http.Request.Query[PageNames.RedirectUrl];
        var keep = error.Code != ErrorCodes.RedirectUrlInvalid && redirect.Count == 1 && redirects.TryValidate(redirect[0], out _) ? redirect[0] : null;
        var back = PageLayout.Link(pagePath, (PageNames.RedirectUrl, keep));
        var main = Html.Of($"""
            <h1>{title}</h1>
            <p class="alert" role="alert" data-error-code="{message.Code}" data-error-for="form">{message.Message}</p>
            <p><a class="button secondary" href="{back}">Back to the form</a></p>
            """);
        return new PageResult(layout.Document(title, main, hasError: true), error.Status, error.RetryAfterSeconds);
    }

    /// <summary>
    /// For middleware that answers before the endpoint runs, and for the exception handler: when
    /// the request was routed to a hosted page, writes the HTML error page (with the page
    /// headers) and returns true.
    /// </summary>
    public static async Task<bool> TryWriteAsync(HttpContext http, ApiError error)
    {
        if (RoutedEndpoint(http)?.Metadata.GetMetadata<HostedPageEndpoint>() is not { } page)
        {
            return false;
        }

        http.RequestServices.GetRequiredService<PageSecurityHeaders>().Apply(http);
        var errors = http.RequestServices.GetRequiredService<PageErrorPage>();
        await errors.Result(http, page.Path, error).ExecuteAsync(http);
        return true;
    }

    /// <summary>
    /// The endpoint the request was routed to. The exception handler clears the request's
    /// endpoint before it runs; the original one is kept on its feature.
    /// </summary>
    public static Endpoint? RoutedEndpoint(HttpContext http) =>
        http.GetEndpoint() ?? http.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Endpoint;
}
