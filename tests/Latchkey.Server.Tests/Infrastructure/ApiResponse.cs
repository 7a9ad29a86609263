using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Latchkey.Server.Tests.Infrastructure;

/// <summary>A response with its parsed JSON body.</summary>
public sealed class ApiResponse(HttpStatusCode status, string text, HttpResponseHeaders headers, HttpContentHeaders contentHeaders)
{
    private JsonElement? _body;

    public HttpStatusCode Status { get; } = status;

    public string Text { get; } = text;

    public HttpResponseHeaders Headers { get; } = headers;

    public HttpContentHeaders ContentHeaders { get; } = contentHeaders;

    public JsonElement Body => _body ??= JsonDocument.Parse(Text).RootElement.Clone();

    public JsonElement Response => Body.GetProperty("response");

    public JsonElement Client => Body.GetProperty("client");

    /// <summary>The first error code of an error envelope.</summary>
    public string ErrorCode => Body.GetProperty("errors")[0].GetProperty("code").GetString()!;

    public IEnumerable<string> SetCookies => Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    public ApiResponse EnsureStatus(HttpStatusCode expected)
    {
        if (Status != expected)
        {
            throw new Xunit.Sdk.XunitException($"Expected {(int)expected}, got {(int)Status}: {Text}");
        }

        return this;
    }
}
