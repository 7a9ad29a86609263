using Latchkey.Server.Configuration;
using Latchkey.Server.FrontendApi.Handshake;
using Latchkey.Server.Instance;

namespace Latchkey.Server.HostedPages;

/// <summary>
/// The headers every hosted-page answer carries (pages, redirects and error pages alike):
/// a strict Content-Security-Policy (no script at all, styles only from this origin, forms
/// only to this origin and, while a sign-in is on its way back to an app, that app's origin —
/// Chromium checks <c>form-action</c> against the redirect that follows a form post), no
/// framing, <c>Referrer-Policy: same-origin</c> (keeps <c>Origin</c> on same-origin form posts,
/// which <c>no-referrer</c> would turn into <c>null</c>, and sends nothing to other sites), and
/// HSTS on production instances.
/// </summary>
internal sealed class PageSecurityHeaders(InstanceIdentity instance, RedirectUrlValidator redirects)
{
    public const string ReferrerPolicy = "same-origin";

    /// <summary>Sets the headers; <paramref name="http"/>'s <c>redirect_url</c> query (when valid) widens <c>form-action</c>.</summary>
    public void Apply(HttpContext http)
    {
        var formAction = "'self'";
        var query = http.Request.Query[PageNames.RedirectUrl];
        if (query.Count == 1 && redirects.TryValidate(query[0], out var target))
        {
            var origin = OriginText.FromUri(target);
            if (!string.Equals(origin, instance.FrontendApiUrl, StringComparison.Ordinal))
            {
                formAction += " " + origin;
            }
        }

        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy =
            $"default-src 'none'; style-src 'self'; img-src 'self'; form-action {formAction}; frame-ancestors 'none'; base-uri 'none'";
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = ReferrerPolicy;
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers.CacheControl = "no-store";
        if (!instance.IsDevelopment)
        {
            headers.StrictTransportSecurity = "max-age=31536000";
        }
    }
}
