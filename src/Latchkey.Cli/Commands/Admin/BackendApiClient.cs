using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Latchkey.Cli.Infrastructure;

namespace Latchkey.Cli.Commands.Admin;

/// <summary>
/// Calls the Backend API of one Latchkey server over HTTP with a secret key. Answers are JSON;
/// refusals (the protocol's error envelope, or RFC 7807 problem details on Latchkey-only
/// endpoints) and transport failures become an <see cref="ApiCallException"/> with a clear
/// message. The secret key never appears in a message.
/// </summary>
internal sealed class BackendApiClient : IDisposable
{
    /// <summary>Largest answer read (a page of 500 users fits many times over).</summary>
    private const int MaxAnswerBytes = 16 * 1024 * 1024;

    private readonly HttpClient _http;
    private readonly Uri _baseUrl;

    public BackendApiClient(CliContext context, Uri baseUrl, string secretKey)
    {
        _baseUrl = baseUrl;
        _http = context.CreateHttpClient();
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secretKey);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _http.DefaultRequestHeaders.Add("Clerk-API-Version", "2026-05-12");
    }

    public Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, body: null, cancellationToken);

    public Task<JsonElement> PostAsync(string path, object? body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, body, cancellationToken);

    public async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        var url = new Uri(_baseUrl.AbsoluteUri.TrimEnd('/') + "/v1/" + path.TrimStart('/'));
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
            request.Content.Headers.ContentType!.CharSet = null;
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            var why = e.InnerException is SocketException socket ? socket.SocketErrorCode.ToString() : e.Message;
            throw new ApiCallException(0, null, $"cannot reach the Latchkey server at {_baseUrl}: {why}. Is it running? (--api-url / ${AdminOptions.ApiUrlVariable})", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ApiCallException(0, null, $"the Latchkey server at {_baseUrl} did not answer within {_http.Timeout.TotalSeconds:0} s", e);
        }

        using (response)
        {
            var text = await ReadBoundedAsync(response, cancellationToken);
            JsonElement? json = null;
            try
            {
                using var document = JsonDocument.Parse(text);
                json = document.RootElement.Clone();
            }
            catch (JsonException)
            {
            }

            if (response.IsSuccessStatusCode && json is { } ok)
            {
                return ok;
            }

            var status = (int)response.StatusCode;
            if (json is { } error && Describe(error) is { } described)
            {
                throw new ApiCallException(status, described.Code, $"{status} {described.Code}: {described.Message}");
            }

            throw new ApiCallException(status, null, response.IsSuccessStatusCode
                ? $"the server at {_baseUrl} answered {status} without JSON; is --api-url a Latchkey server?"
                : $"{status} {response.ReasonPhrase}: the server at {_baseUrl} answered without an error body; is --api-url a Latchkey server?");
        }
    }

    /// <summary>The code and message of an error envelope or of problem details.</summary>
    private static (string Code, string Message)? Describe(JsonElement error)
    {
        if (error.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (error.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
        {
            var first = errors[0];
            return (Text(first, "code") ?? "error", Text(first, "long_message") ?? Text(first, "message") ?? "no message");
        }

        if (error.TryGetProperty("code", out _))
        {
            return (Text(error, "code") ?? "error", Text(error, "detail") ?? Text(error, "title") ?? "no message");
        }

        return null;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static async Task<string> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxAnswerBytes)
            {
                throw new ApiCallException((int)response.StatusCode, null, $"the answer is larger than {MaxAnswerBytes / (1024 * 1024)} MiB");
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public void Dispose() => _http.Dispose();
}
