using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Latchkey.Reliability.Tests.Infrastructure;

/// <summary>One HTTP answer: status, body (JSON when it parses) and headers.</summary>
public sealed record ApiAnswer(HttpStatusCode Status, string Text, HttpResponseHeaders Headers, string? ContentType)
{
    public JsonElement Json => JsonDocument.Parse(Text).RootElement.Clone();

    /// <summary>The Frontend API's <c>response</c> object.</summary>
    public JsonElement Response => Json.GetProperty("response");

    public bool IsSuccess => (int)Status is >= 200 and < 300;

    public string? ErrorCode => Text.StartsWith('{') && Json.TryGetProperty("errors", out var errors) && errors.GetArrayLength() > 0
        ? errors[0].GetProperty("code").GetString()
        : Text.StartsWith('{') && Json.TryGetProperty("code", out var code) ? code.GetString() : null;
}

/// <summary>
/// Calls the server as a browser (Frontend API: its own cookie jar, Origin header, form bodies)
/// or as an app backend (Backend API: the secret key). Transport failures (a killed server)
/// surface as <see cref="HttpRequestException"/> or a timeout, never as an answer.
/// </summary>
public sealed partial class ApiCaller : IDisposable
{
    private readonly HttpClient _http;
    private readonly string? _secretKey;
    private readonly string _origin;

    private ApiCaller(Uri baseAddress, CookieContainer? cookies, string? secretKey, TimeSpan timeout)
    {
        Cookies = cookies;
        _secretKey = secretKey;
        _origin = baseAddress.GetLeftPart(UriPartial.Authority);
        var handler = new SocketsHttpHandler
        {
            UseCookies = cookies is not null,
            CookieContainer = cookies ?? new CookieContainer(),
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromSeconds(30),
        };
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = timeout };
    }

    public CookieContainer? Cookies { get; }

    /// <summary>A browser with an empty cookie jar (or <paramref name="cookies"/>).</summary>
    public static ApiCaller Browser(Uri server, CookieContainer? cookies = null, TimeSpan? timeout = null) =>
        new(server, cookies ?? new CookieContainer(), null, timeout ?? TimeSpan.FromSeconds(30));

    /// <summary>A Backend API caller with a secret key.</summary>
    public static ApiCaller Backend(Uri server, string secretKey, TimeSpan? timeout = null) =>
        new(server, null, secretKey, timeout ?? TimeSpan.FromSeconds(30));

    public Task<ApiAnswer> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public Task<ApiAnswer> PostFormAsync(string path, IDictionary<string, string>? form = null) =>
        SendAsync(HttpMethod.Post, path, new FormUrlEncodedContent(form ?? new Dictionary<string, string>()));

    public Task<ApiAnswer> PostJsonAsync(string path, object? body = null) =>
        SendAsync(HttpMethod.Post, path, new StringContent(JsonSerializer.Serialize(body ?? new { }), Encoding.UTF8, "application/json"));

    public async Task<ApiAnswer> SendAsync(HttpMethod method, string path, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/')) { Content = content };
        if (_secretKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _secretKey);
        }
        else if (method != HttpMethod.Get)
        {
            request.Headers.Add("Origin", _origin);
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ApiAnswer(response.StatusCode, text, response.Headers, response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Signs a new user up through the Frontend API (code read from the development mailbox); null when any step was not acknowledged.</summary>
    public async Task<(string UserId, string SessionId)?> SignUpAsync(string email, string password)
    {
        var created = await PostFormAsync("v1/client/sign_ups", new Dictionary<string, string> { ["email_address"] = email, ["password"] = password });
        if (!created.IsSuccess)
        {
            return null;
        }

        var id = created.Response.GetProperty("id").GetString()!;
        if (!(await PostFormAsync($"v1/client/sign_ups/{id}/prepare_verification", new Dictionary<string, string> { ["strategy"] = "email_code" })).IsSuccess)
        {
            return null;
        }

        string? code = null;
        for (var i = 0; i < 100 && code is null; i++)
        {
            var mailbox = await GetAsync("dev/mailbox.json");
            foreach (var message in mailbox.Json.GetProperty("messages").EnumerateArray())
            {
                if (message.GetProperty("to").GetString() == email)
                {
                    code = SixDigits().Match(message.GetProperty("subject").GetString() ?? string.Empty).Value;
                    break;
                }
            }

            if (code is null)
            {
                await Task.Delay(20);
            }
        }

        if (string.IsNullOrEmpty(code))
        {
            return null;
        }

        var attempted = await PostFormAsync($"v1/client/sign_ups/{id}/attempt_verification", new Dictionary<string, string> { ["strategy"] = "email_code", ["code"] = code });
        if (!attempted.IsSuccess)
        {
            return null;
        }

        var response = attempted.Response;
        return (response.GetProperty("created_user_id").GetString()!, response.GetProperty("created_session_id").GetString()!);
    }

    /// <summary>Signs in with a password; the session id, or null when not acknowledged.</summary>
    public async Task<string?> SignInAsync(string identifier, string password)
    {
        var answer = await PostFormAsync("v1/client/sign_ins", new Dictionary<string, string> { ["identifier"] = identifier, ["password"] = password });
        return answer.IsSuccess ? answer.Response.GetProperty("created_session_id").GetString() : null;
    }

    /// <summary>Mints a session token through the Frontend API.</summary>
    public Task<ApiAnswer> MintAsync(string sessionId) => PostFormAsync($"v1/client/sessions/{sessionId}/tokens");

    [GeneratedRegex("[0-9]{6}")]
    private static partial Regex SixDigits();

    public void Dispose() => _http.Dispose();
}
