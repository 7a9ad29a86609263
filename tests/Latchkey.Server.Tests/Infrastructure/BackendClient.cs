using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Latchkey.Server.Tests.Infrastructure;

/// <summary>A Backend API caller: JSON bodies, <c>Authorization: Bearer &lt;secret key&gt;</c> (the key file's by default).</summary>
public sealed class BackendClient(LatchkeyTestServer server, string? secretKey) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = server.BaseAddress };

    /// <summary>The key sent as bearer; null sends no Authorization header.</summary>
    public string? SecretKey { get; set; } = secretKey;

    public Task<ApiResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<ApiResponse> PostAsync(string path, object? body = null) => SendAsync(HttpMethod.Post, path, body is null ? null : Json(body));

    public Task<ApiResponse> PatchAsync(string path, object body) => SendAsync(HttpMethod.Patch, path, Json(body));

    public Task<ApiResponse> PutAsync(string path, object body) => SendAsync(HttpMethod.Put, path, Json(body));

    public Task<ApiResponse> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, HttpContent? content = null, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (SecretKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SecretKey);
        }

        request.Content = content;
        configure?.Invoke(request);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ApiResponse(response.StatusCode, text, response.Headers, response.Content.Headers);
    }

    /// <summary>A JSON body; anonymous objects are written with their property names as given (write snake_case names).</summary>
    public static StringContent Json(object body) =>
        new(body as string ?? JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    /// <summary>Creates a user with a verified address and a password; returns its id.</summary>
    public async Task<string> CreateUserAsync(string email, string password = "correct horse battery", object? extra = null)
    {
        var body = new Dictionary<string, object?> { ["email_address"] = new[] { email }, ["password"] = password };
        if (extra is not null)
        {
            foreach (var property in JsonSerializer.SerializeToElement(extra).EnumerateObject())
            {
                body[property.Name] = property.Value;
            }
        }

        var response = await PostAsync("v1/users", body);
        response.EnsureStatus(System.Net.HttpStatusCode.OK);
        return response.Body.GetProperty("id").GetString()!;
    }

    public void Dispose() => _http.Dispose();
}
