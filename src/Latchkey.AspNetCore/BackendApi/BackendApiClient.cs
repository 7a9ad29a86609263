using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Latchkey.AspNetCore.BackendApi;

/// <summary>
/// The calls this package makes to the Backend API (protocol.md §10) and the Frontend API's
/// public JWKS. Every call is bounded by a timeout; failures are values, never exceptions; the
/// secret key travels only in the <c>Authorization</c> header and is never logged.
/// </summary>
internal sealed class BackendApiClient
{
    /// <summary>Upper bound on a response body; JWKS and directive lists are a few KB.</summary>
    private const int MaxResponseBytes = 1024 * 1024;

    private readonly Func<HttpClient> _httpClient;
    private readonly Uri _apiUrl;
    private readonly string? _secretKey;
    private readonly TimeSpan _timeout;

    public BackendApiClient(Func<HttpClient> httpClient, Uri apiUrl, string? secretKey, TimeSpan timeout)
    {
        _httpClient = httpClient;
        _apiUrl = apiUrl;
        _secretKey = secretKey;
        _timeout = timeout;
    }

    public Uri ApiUrl => _apiUrl;

    public bool HasSecretKey => !string.IsNullOrEmpty(_secretKey);

    /// <summary><c>GET {apiUrl}/v1/jwks</c> with the secret key.</summary>
    public Task<BackendApiResult> GetJwksAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, Versioned("jwks"), null, _secretKey, cancellationToken);

    /// <summary><c>GET {frontendApiUrl}/.well-known/jwks.json</c>, public, no credential.</summary>
    public Task<BackendApiResult> GetPublicJwksAsync(Uri frontendApiUrl, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, Join(frontendApiUrl, ".well-known/jwks.json"), null, null, cancellationToken);

    /// <summary><c>GET {apiUrl}/v1/clients/handshake_payload?nonce=</c> (protocol.md §6.4).</summary>
    public Task<BackendApiResult> GetHandshakePayloadAsync(string nonce, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, Versioned("clients/handshake_payload?nonce=" + Uri.EscapeDataString(nonce)), null, _secretKey, cancellationToken);

    /// <summary><c>POST {apiUrl}/v1/sessions/{sid}/refresh?suffixed_cookies=</c> (protocol.md §5.9).</summary>
    public Task<BackendApiResult> RefreshSessionAsync(string sessionId, bool suffixedCookies, object body, CancellationToken cancellationToken) =>
        SendAsync(
            HttpMethod.Post,
            Versioned($"sessions/{Uri.EscapeDataString(sessionId)}/refresh?suffixed_cookies={(suffixedCookies ? "true" : "false")}"),
            body,
            _secretKey,
            cancellationToken);

    /// <summary><c>POST {apiUrl}/v1/sessions/{sid}/tokens[/{template}]</c> (protocol.md §10).</summary>
    public Task<BackendApiResult> CreateSessionTokenAsync(string sessionId, string? template, int? expiresInSeconds, CancellationToken cancellationToken)
    {
        var path = $"sessions/{Uri.EscapeDataString(sessionId)}/tokens";
        if (!string.IsNullOrEmpty(template))
        {
            path += "/" + Uri.EscapeDataString(template);
        }

        object body = expiresInSeconds is { } seconds ? new { expires_in_seconds = seconds } : new { };
        return SendAsync(HttpMethod.Post, Versioned(path), body, _secretKey, cancellationToken);
    }

    /// <summary><c>POST {apiUrl}/m2m_tokens/verify</c> (no <c>/v1</c>, protocol.md §4.5).</summary>
    public Task<BackendApiResult> VerifyM2MTokenAsync(string token, string? machineSecretKey, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, Join(_apiUrl, "m2m_tokens/verify"), new { token }, machineSecretKey ?? _secretKey, cancellationToken);

    /// <summary><c>POST {apiUrl}/oauth_applications/access_tokens/verify</c>.</summary>
    public Task<BackendApiResult> VerifyOAuthTokenAsync(string token, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, Join(_apiUrl, "oauth_applications/access_tokens/verify"), new { access_token = token }, _secretKey, cancellationToken);

    /// <summary><c>POST {apiUrl}/api_keys/verify</c>.</summary>
    public Task<BackendApiResult> VerifyApiKeyAsync(string secret, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, Join(_apiUrl, "api_keys/verify"), new { secret }, _secretKey, cancellationToken);

    /// <summary><c>GET {apiUrl}/v1/sessions/revocations?since=&amp;limit=</c> (Latchkey's revocation feed).</summary>
    public Task<BackendApiResult> GetRevocationsAsync(long? since, int limit, CancellationToken cancellationToken)
    {
        var query = "sessions/revocations?limit=" + limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (since is { } cursor)
        {
            query += "&since=" + cursor.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return SendAsync(HttpMethod.Get, Versioned(query), null, _secretKey, cancellationToken);
    }

    /// <summary>
    /// Opens <c>GET {apiUrl}/v1/sessions/revocations/stream</c> with <c>Last-Event-ID</c> when a
    /// cursor is known. The timeout covers the response headers only; the caller reads (and
    /// disposes) the open response. A non-2xx answer or another content type is a failure.
    /// </summary>
    public async Task<(HttpResponseMessage? Stream, BackendApiResult? Failure)> OpenRevocationStreamAsync(long? lastEventId, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(HttpMethod.Get, Versioned("sessions/revocations/stream"), null, _secretKey);
        request.Headers.Accept.Clear();
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is { } cursor)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", cursor.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        HttpResponseMessage response;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(_timeout);
            try
            {
                response = await _httpClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return (null, BackendApiResult.TransportFailure($"The call timed out after {_timeout.TotalMilliseconds} ms."));
            }
            catch (HttpRequestException ex)
            {
                return (null, BackendApiResult.TransportFailure("The call failed: " + ex.Message));
            }
        }

        if (response.IsSuccessStatusCode && response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            return (response, null);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return (null, BackendApiResult.TransportFailure($"The server answered {status} with {response.Content.Headers.ContentType?.MediaType ?? "no content type"}, not an event stream."));
            }

            JsonElement? json = null;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(_timeout);
                json = JsonSerializer.Deserialize<JsonElement>(await ReadBoundedAsync(response.Content, timeout.Token).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is JsonException or InvalidDataException or IOException or HttpRequestException or OperationCanceledException)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var (code, message) = ReadError(json);
            return (null, BackendApiResult.ApiError(status, code, message ?? $"The server answered {status}."));
        }
    }

    private Uri Versioned(string pathAndQuery) => Join(_apiUrl, Internal.Names.ApiPathVersion + "/" + pathAndQuery);

    internal static Uri Join(Uri baseUrl, string relative)
    {
        var text = baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/" + relative;
        return new Uri(text, UriKind.Absolute);
    }

    private async Task<BackendApiResult> SendAsync(HttpMethod method, Uri url, object? body, string? bearer, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            using var request = CreateRequest(method, url, body, bearer);
            using var response = await _httpClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var bytes = await ReadBoundedAsync(response.Content, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            JsonElement? json = null;
            if (bytes.Length > 0)
            {
                try
                {
                    json = JsonSerializer.Deserialize<JsonElement>(bytes);
                }
                catch (JsonException)
                {
                    json = null;
                }
            }

            if (response.IsSuccessStatusCode)
            {
                if (status == 204)
                {
                    return BackendApiResult.Success(JsonSerializer.Deserialize<JsonElement>("{}"u8), status);
                }

                return json is { } ok
                    ? BackendApiResult.Success(ok, status)
                    : BackendApiResult.TransportFailure($"The server answered {status} without a JSON body.");
            }

            var (code, message) = ReadError(json);
            return BackendApiResult.ApiError(status, code, message ?? $"The server answered {status}.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return BackendApiResult.TransportFailure($"The call timed out after {_timeout.TotalMilliseconds} ms.");
        }
        catch (HttpRequestException ex)
        {
            return BackendApiResult.TransportFailure("The call failed: " + ex.Message);
        }
        catch (InvalidDataException ex)
        {
            return BackendApiResult.TransportFailure(ex.Message);
        }
    }

    private static HttpRequestMessage CreateRequest(HttpMethod method, Uri url, object? body, string? bearer)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.TryAddWithoutValidation(Internal.Names.Headers.ClerkApiVersion, Internal.Names.ApiVersion);
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Latchkey.AspNetCore", typeof(BackendApiClient).Assembly.GetName().Version?.ToString(3) ?? "0"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (!string.IsNullOrEmpty(bearer))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(Internal.Names.BearerScheme, bearer);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType());
        }

        return request;
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > MaxResponseBytes)
        {
            throw new InvalidDataException("The response is larger than 1 MiB.");
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxResponseBytes)
            {
                throw new InvalidDataException("The response is larger than 1 MiB.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// The code and message of an error answer: the protocol's envelope
    /// (<c>{"errors":[{"code","message"}]}</c>), or the RFC 7807 problem details with a
    /// <c>code</c> that a Latchkey server answers on its Latchkey-only endpoints (the revocation feed).
    /// </summary>
    private static (string? Code, string? Message) ReadError(JsonElement? json)
    {
        if (json is not { ValueKind: JsonValueKind.Object } obj)
        {
            return (null, null);
        }

        if (!obj.TryGetProperty("errors", out var errors)
            || errors.ValueKind != JsonValueKind.Array
            || errors.GetArrayLength() == 0)
        {
            return (GetString(obj, "code"), GetString(obj, "title"));
        }

        var first = errors[0];
        if (first.ValueKind != JsonValueKind.Object)
        {
            return (null, null);
        }

        return (GetString(first, "code"), GetString(first, "message"));
    }

    internal static string? GetString(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    internal static readonly Encoding Utf8 = new UTF8Encoding(false);
}
