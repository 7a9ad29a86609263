using System.Globalization;
using System.Text.Json.Serialization;

namespace Latchkey.Server.FrontendApi.Errors;

/// <summary>Writes the protocol's error envelope with the status of the error.</summary>
internal static class ErrorEnvelope
{
    public static IResult Result(ApiError error, HttpContext context)
    {
        if (error.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return Results.Json(Body(error, context), statusCode: error.Status);
    }

    public static Task WriteAsync(HttpContext context, ApiError error)
    {
        context.Response.StatusCode = error.Status;
        if (error.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return context.Response.WriteAsJsonAsync(Body(error, context), context.RequestAborted);
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
