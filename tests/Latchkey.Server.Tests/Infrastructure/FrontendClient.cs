using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Latchkey.Server.Tests.Infrastructure;

/// <summary>A browser-like Frontend API client: cookie jar, Origin header on writes, form bodies.</summary>
public sealed partial class FrontendClient : IDisposable
{
    private readonly LatchkeyTestServer _server;
    private readonly HttpClient _http;

    public FrontendClient(LatchkeyTestServer server, CookieContainer cookies, string origin)
    {
        _server = server;
        Cookies = cookies;
        Origin = origin;
        _http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = server.BaseAddress,
        };
    }

    public CookieContainer Cookies { get; }

    /// <summary>The Origin header sent on state-changing requests (null sends none).</summary>
    public string? Origin { get; set; }

    public HttpClient Http => _http;

    public string? Cookie(string name) => Cookies.GetCookies(_server.BaseAddress)[name]?.Value;

    public Task<ApiResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<ApiResponse> PostAsync(string path, IDictionary<string, string>? form = null) => SendAsync(HttpMethod.Post, path, form);

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, IDictionary<string, string>? form = null, HttpContent? content = null, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (method != HttpMethod.Get && Origin is not null)
        {
            request.Headers.Add("Origin", Origin);
        }

        request.Content = content ?? (form is null ? null : new FormUrlEncodedContent(form));
        configure?.Invoke(request);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ApiResponse(response.StatusCode, text, response.Headers, response.Content.Headers);
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Signs a new user up through the API, reading the code from the test SMTP server; returns the session id.</summary>
    public async Task<string> SignUpAsync(string email, string password = "correct horse battery", IDictionary<string, string>? extra = null)
    {
        var fields = new Dictionary<string, string> { ["email_address"] = email, ["password"] = password };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            fields[key] = value;
        }

        var created = await PostAsync("v1/client/sign_ups", fields);
        created.EnsureStatus(HttpStatusCode.OK);
        var id = created.Response.GetProperty("id").GetString()!;
        (await PostAsync($"v1/client/sign_ups/{id}/prepare_verification", new Dictionary<string, string> { ["strategy"] = "email_code" })).EnsureStatus(HttpStatusCode.OK);
        var code = CodeIn(await _server.Smtp.WaitForAsync(email, m => m.Subject?.Contains("verification code", StringComparison.Ordinal) == true));
        var attempted = await PostAsync($"v1/client/sign_ups/{id}/attempt_verification", new Dictionary<string, string> { ["strategy"] = "email_code", ["code"] = code });
        attempted.EnsureStatus(HttpStatusCode.OK);
        return attempted.Response.GetProperty("created_session_id").GetString()!;
    }

    public async Task<string> SignInAsync(string identifier, string password = "correct horse battery")
    {
        var response = await PostAsync("v1/client/sign_ins", new Dictionary<string, string> { ["identifier"] = identifier, ["password"] = password });
        response.EnsureStatus(HttpStatusCode.OK);
        return response.Response.GetProperty("created_session_id").GetString()!;
    }

    public async Task<string> MintAsync(string sessionId)
    {
        var response = await PostAsync($"v1/client/sessions/{sessionId}/tokens");
        response.EnsureStatus(HttpStatusCode.OK);
        return response.Body.GetProperty("jwt").GetString()!;
    }

    public static string CodeIn(MimeKit.MimeMessage message) => SixDigits().Match(message.Subject ?? string.Empty).Value;

    [GeneratedRegex("[0-9]{6}")]
    private static partial Regex SixDigits();

    public void Dispose() => _http.Dispose();
}
