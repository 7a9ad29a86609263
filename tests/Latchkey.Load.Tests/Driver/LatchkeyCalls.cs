using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Latchkey.Load.Tests.Driver;

/// <summary>
/// The calls of the load runs, as a browser (Frontend API: form bodies, an allowed
/// <c>Origin</c>, the <c>__client</c> cookie by hand) and as an app backend (Backend API with
/// the secret key). Each returns a <see cref="CallResult"/>; nothing throws on a bad answer.
/// </summary>
public static class LatchkeyCalls
{
    /// <summary>The app origin the simulated browsers run on (a development instance allows any 127.0.0.1 port).</summary>
    public const string Origin = "http://127.0.0.1:5200";

    public const string Password = "correct horse battery staple";

    /// <summary>Creates a user with a password through the Backend API.</summary>
    public static async Task<CallResult> CreateUserAsync(HttpClient http, string secretKey, string email)
    {
        var json = JsonSerializer.Serialize(new { email_address = new[] { email }, password = Password, skip_password_checks = true });
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/users") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secretKey);
        return await SendAsync(http, request);
    }

    /// <summary>Revokes a session through the Backend API.</summary>
    public static async Task<CallResult> RevokeAsync(HttpClient http, string secretKey, string sessionId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/sessions/{sessionId}/revoke");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secretKey);
        return await SendAsync(http, request);
    }

    /// <summary>A password sign-in from a new browser; on success the client's cookie and session.</summary>
    public static async Task<(CallResult Result, SimulatedClient? Client)> SignInAsync(HttpClient http, int address, string email, string password = Password)
    {
        using var request = FrontendPost("v1/client/sign_ins", null, new Dictionary<string, string> { ["identifier"] = email, ["password"] = password });
        string? cookie = null;
        var result = await SendAsync(http, request, response =>
        {
            if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
            {
                // A sign-in from a new browser creates its client, then rotates its token: the last one counts.
                cookie = cookies.Select(ClientCookieIn).LastOrDefault(c => c is not null);
            }
        });
        if (!result.IsOk || cookie is null)
        {
            return (result, null);
        }

        using var body = JsonDocument.Parse(result.Body!);
        var sessionId = body.RootElement.GetProperty("response").GetProperty("created_session_id").GetString();
        return (result, sessionId is null ? null : new SimulatedClient(address, cookie, sessionId, email));
    }

    /// <summary>The SDK's token refresh: <c>POST /v1/client/sessions/{id}/tokens</c>; a 200 must carry a JWT.</summary>
    public static async Task<CallResult> MintAsync(HttpClient http, SimulatedClient client)
    {
        using var request = FrontendPost($"v1/client/sessions/{client.SessionId}/tokens", client.ClientCookie, new Dictionary<string, string>());
        var result = await SendAsync(http, request);
        if (result.IsOk && (result.Body is null || !result.Body.Contains("\"jwt\":\"ey", StringComparison.Ordinal)))
        {
            return result with { Status = (HttpStatusCode)599, ErrorCode = "200 without a jwt" };
        }

        return result;
    }

    /// <summary>The SDK's sign-out: <c>DELETE /v1/client/sessions</c>.</summary>
    public static async Task<CallResult> SignOutAsync(HttpClient http, SimulatedClient client)
    {
        using var request = FrontendPost("v1/client/sessions", client.ClientCookie, null);
        request.Method = HttpMethod.Delete;
        return await SendAsync(http, request);
    }

    public static HttpRequestMessage FrontendPost(string path, string? clientCookie, Dictionary<string, string>? form)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Add("Origin", Origin);
        if (clientCookie is not null)
        {
            request.Headers.Add("Cookie", "__client=" + clientCookie);
        }

        if (form is not null)
        {
            request.Content = new FormUrlEncodedContent(form);
        }

        return request;
    }

    public static async Task<CallResult> SendAsync(HttpClient http, HttpRequestMessage request, Action<HttpResponseMessage>? inspect = null)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            inspect?.Invoke(response);
            return new CallResult(response.StatusCode, ErrorCodeIn(response.StatusCode, body), clock.Elapsed.TotalMilliseconds, body, response.Headers.RetryAfter?.Delta);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return CallResult.Failed(clock.Elapsed.TotalMilliseconds, e);
        }
    }

    private static string? ClientCookieIn(string setCookie) =>
        setCookie.StartsWith("__client=", StringComparison.Ordinal) ? setCookie["__client=".Length..].Split(';')[0] : null;

    private static string? ErrorCodeIn(HttpStatusCode status, string body)
    {
        if ((int)status < 400 || body.Length == 0 || body[0] != '{')
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.TryGetProperty("errors", out var errors) && errors.GetArrayLength() > 0)
            {
                return errors[0].GetProperty("code").GetString();
            }

            return document.RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
