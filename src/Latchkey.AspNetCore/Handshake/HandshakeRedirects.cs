using System.Globalization;
using Latchkey.AspNetCore.Classification;
using Latchkey.AspNetCore.Internal;

namespace Latchkey.AspNetCore.Handshake;

/// <summary>
/// The redirect side of the handshake: which requests may be redirected (§5.8), the redirect to
/// the Frontend API's <c>/v1/client/handshake</c> (§6.1), and the loop counter cookie (§6.5).
/// </summary>
internal static class HandshakeRedirects
{
    /// <summary>
    /// A GET page navigation: <c>Sec-Fetch-Dest</c> is <c>document</c> or <c>iframe</c>, or absent
    /// with <c>Accept</c> starting <c>text/html</c>. Anything else (fetch, XHR, POST forms) never
    /// gets a redirect.
    /// </summary>
    public static bool IsEligible(RequestContext context)
    {
        if (!context.IsGet)
        {
            return false;
        }

        if (context.SecFetchDest is "document" or "iframe")
        {
            return true;
        }

        return context.SecFetchDest is null && context.Accept is not null
            && context.Accept.StartsWith("text/html", StringComparison.Ordinal);
    }

    /// <summary>
    /// Builds <c>Location: &lt;FAPI base&gt;/v1/client/handshake?...</c> with the parameters of §6.1
    /// in order. The base is always a configured origin (Frontend API, proxy, satellite domain),
    /// so the session token and dev-browser token it carries never go to a foreign origin.
    /// </summary>
    public static StateHeaders BuildRedirect(RequestContext context, InstanceSettings settings, string reason)
    {
        var current = QueryString.Parse(context.Url.Query);
        current.Remove(Names.Query.DevBrowser);
        current.Remove(Names.Query.LegacyDevBrowser);
        var redirectUrl = QueryString.WithQuery(context.Url, current);

        var baseUrl = settings.HandshakeBase(context.Origin).TrimEnd('/');
        var query = new QueryString();
        query.Append(Names.Query.RedirectUrl, redirectUrl.AbsoluteUri);
        query.Append(Names.Query.ApiVersion, Names.ApiVersion);
        query.Append(Names.Query.SuffixedCookies, context.UsesSuffixedCookies ? "true" : "false");
        query.Append(Names.Query.HandshakeReason, reason);
        query.Append(Names.Query.HandshakeFormat, "nonce");
        if (context.SessionToken is { } token)
        {
            query.Append(Names.Query.Session, token);
        }

        if (settings.IsDevelopment && context.DevBrowserToken is { } devBrowser)
        {
            query.Append(Names.Query.DevBrowser, devBrowser);
        }

        if (settings.OrganizationMatcher.FindTarget(context.Url.AbsolutePath) is { } target)
        {
            // The slug overwrites the id under the same key (§6.1).
            var value = target.PersonalAccount ? string.Empty : target.OrganizationSlug ?? target.OrganizationId ?? string.Empty;
            query.Append(Names.Query.OrganizationId, value);
        }

        var headers = new StateHeaders();
        headers.Set(Names.Headers.Location, baseUrl + "/v1/client/handshake?" + query);
        return headers;
    }

    /// <summary>
    /// The loop guard (§5.8 step 4): at a counter of 3 or more, stop (true). Otherwise append the
    /// incremented counter cookie (<c>SameSite=Lax; HttpOnly; Max-Age=2</c>, no Path, as the
    /// protocol sets it) and return false. Latchkey stops at "3 or more" where the reference stops at
    /// exactly 3, so a forged larger counter cannot restart the loop.
    /// </summary>
    public static bool CheckAndTrackLoop(RequestContext context, StateHeaders headers)
    {
        if (context.RedirectCount >= Names.MaxRedirectCount)
        {
            return true;
        }

        var next = (context.RedirectCount + 1).ToString(CultureInfo.InvariantCulture);
        headers.Append(Names.Headers.SetCookie, $"{Names.Cookies.RedirectCount}={next}; SameSite=Lax; HttpOnly; Max-Age=2");
        return false;
    }
}
