using System.Net;

namespace Latchkey.Server.Tests.Infrastructure;

/// <summary>
/// A browser for the hosted pages without JavaScript: a cookie jar shared across the ports of
/// 127.0.0.1, no automatic redirects, form posts carrying the CSRF token of the last page it
/// saw and the server's own Origin (as a browser does for a same-origin form).
/// </summary>
public sealed class PageBrowser : IDisposable
{
    private readonly LatchkeyTestServer _server;
    private readonly HttpClient _http;

    public PageBrowser(LatchkeyTestServer server, CookieContainer? cookies = null, string userAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36")
    {
        _server = server;
        Cookies = cookies ?? new CookieContainer();
        _http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = server.BaseAddress };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
    }

    public CookieContainer Cookies { get; }

    /// <summary>The CSRF token of the last page that had one.</summary>
    public string? LastCsrfToken { get; private set; }

    public string? Cookie(string name) => Cookies.GetCookies(_server.BaseAddress)[name]?.Value;

    public Task<PageResponse> GetAsync(string pathAndQuery) => SendAsync(new HttpRequestMessage(HttpMethod.Get, pathAndQuery.TrimStart('/')));

    /// <summary>Posts a form as the page would (CSRF token of the last page, same-origin Origin) unless told otherwise.</summary>
    public Task<PageResponse> PostAsync(string pathAndQuery, IDictionary<string, string> fields, string? csrf = "", string? origin = "")
    {
        var values = new Dictionary<string, string>(fields);
        csrf = csrf == string.Empty ? LastCsrfToken : csrf;
        if (csrf is not null)
        {
            values.TryAdd("_csrf", csrf);
        }

        var request = new HttpRequestMessage(HttpMethod.Post, pathAndQuery.TrimStart('/')) { Content = new FormUrlEncodedContent(values) };
        origin = origin == string.Empty ? _server.Origin : origin;
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return SendAsync(request);
    }

    /// <summary>Sends a raw request (for malformed posts), by default with the same-origin Origin header.</summary>
    public Task<PageResponse> SendRawAsync(string pathAndQuery, HttpContent content, string? origin = "", string? secFetchSite = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, pathAndQuery.TrimStart('/')) { Content = content };
        origin = origin == string.Empty ? _server.Origin : origin;
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (secFetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", secFetchSite);
        }

        return SendAsync(request);
    }

    /// <summary>Follows a same-origin redirect with a GET.</summary>
    public Task<PageResponse> FollowAsync(PageResponse redirect)
    {
        var location = redirect.Location ?? throw new Xunit.Sdk.XunitException($"Not a redirect: {(int)redirect.Status} {redirect.Html}");
        return GetAsync(location.StartsWith(_server.Origin, StringComparison.Ordinal) ? location[_server.Origin.Length..] : location);
    }

    private async Task<PageResponse> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await _http.SendAsync(request);
            var page = new PageResponse(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers, response.Content.Headers);
            LastCsrfToken = page.CsrfToken ?? LastCsrfToken;
            return page;
        }
    }

    public void Dispose() => _http.Dispose();
}
