using System.Globalization;
using System.Text.Json.Serialization;

namespace Latchkey.Server.FrontendApi.Errors;

/// <summary>Writes the protocol's error envelope with the status of the error.</summary>
internal static class ErrorEnvelope
{
    /// <summary>
    /// Errors are <c>application/json</c> without a <c>charset</c> parameter: <c>@clerk/backend</c>
    /// reads a body as JSON only when the media type is exactly this (RFC 8259 defines no charset).
    /// </summary>
    public const string JsonContentType = "application/json";

    public static IResult Result(ApiError error, HttpContext context)
    {
        if (error.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return Results.Json(Body(error, context), options: null, contentType: JsonContentType, statusCode: error.Status);
    }

    public static Task WriteAsync(HttpContext context, ApiError error)
    {
        context.Response.StatusCode = error.Status;
        if (error.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return context.Response.WriteAsJsonAsync(Body(error, context), options: null, contentType: JsonContentType, context.RequestAborted);
    }

    public static EnvelopeJson Body(ApiError error, HttpContext context)
    {
        var meta = new Dictionary<string, object?>();
        if (error.ParamName is not null)
        {
            meta["param_name"] = error.ParamName;
        }

        if (error.Meta is not null)
        {
            foreach (var (key, value) in error.Meta)
            {
                meta[key] = value;
            }
        }

        return new EnvelopeJson([new ErrorJson(error.Code, error.Message, error.LongMessage, meta)], context.TraceIdentifier);
    }

    internal sealed record EnvelopeJson(
        [property: JsonPropertyName("errors")] IReadOnlyList<ErrorJson> Errors,
        [property: JsonPropertyName("clerk_trace_id")] string ClerkTraceId);

    internal sealed record ErrorJson(
        [property: JsonPropertyName("code")] string Code,
        [property: JsonPropertyName("message")] string Message,
        [property: JsonPropertyName("long_message")] string LongMessage,
        [property: JsonPropertyName("meta")] IReadOnlyDictionary<string, object?> Meta);
}
