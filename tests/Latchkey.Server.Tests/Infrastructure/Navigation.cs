using System.Net;

namespace Latchkey.Server.Tests.Infrastructure;

/// <summary>Top-level page navigations as a browser makes them: document requests, one cookie jar, redirects followed.</summary>
internal static class Navigation
{
    /// <summary>
    /// Follows <paramref name="url"/> through its redirects (at most 10); <paramref name="rewrite"/>
    /// may change each hop's URL before it is requested. Returns the final status, body and every URL requested.
    /// </summary>
    public static async Task<(HttpStatusCode Status, string Body, List<string> Hops)> FollowAsync(CookieContainer jar, string url, Func<string, string>? rewrite = null)
    {
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false });
        var hops = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            url = rewrite?.Invoke(url) ?? url;
            hops.Add(url);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("Sec-Fetch-Dest", "document");
            request.Headers.Add("Accept", "text/html");
            using var response = await http.SendAsync(request);
            if ((int)response.StatusCode is >= 300 and < 400)
            {
                url = new Uri(new Uri(url), response.Headers.Location!).AbsoluteUri;
                continue;
            }

            return (response.StatusCode, await response.Content.ReadAsStringAsync(), hops);
        }

        throw new Xunit.Sdk.XunitException("Redirect loop: " + string.Join(" -> ", hops));
    }
}
