using System.Buffers;
using System.Text;

namespace Latchkey.Server.FrontendApi.Tokens;

/// <summary>
/// The token endpoint's answer, <c>{"object":"token","jwt":"..."}</c>, written as one buffer with
/// a <c>Content-Length</c>: the busiest answer of the server skips the JSON serializer and the
/// chunked framing (a second write for the terminating chunk). A compact JWS consists of
/// base64url characters and dots only, so the value needs no JSON escaping; anything else
/// (never produced by the minter) goes through the serializer instead.
/// </summary>
internal sealed class TokenResponse(string jwt) : IResult
{
    private const string ContentType = "application/json; charset=utf-8";
    private static readonly byte[] Prefix = "{\"object\":\"token\",\"jwt\":\""u8.ToArray();
    private static readonly byte[] Suffix = "\"}"u8.ToArray();

    private static readonly SearchValues<char> CompactJwsCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.");

    /// <summary>Whether <paramref name="value"/> can be placed between JSON quotes as it is.</summary>
    internal static bool IsCompactJws(string value) => value.AsSpan().IndexOfAnyExcept(CompactJwsCharacters) < 0;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        if (!IsCompactJws(jwt))
        {
            return Results.Json(new { @object = "token", jwt }).ExecuteAsync(httpContext);
        }

        var length = Prefix.Length + jwt.Length + Suffix.Length;
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.ContentLength = length;
        var writer = response.BodyWriter;
        var span = writer.GetSpan(length);
        Prefix.CopyTo(span);
        var written = Prefix.Length + Encoding.ASCII.GetBytes(jwt, span[Prefix.Length..]);
        Suffix.CopyTo(span[written..]);
        writer.Advance(length);

        // No flush: the server sends headers and body in one write when the endpoint returns.
        return Task.CompletedTask;
    }
}
