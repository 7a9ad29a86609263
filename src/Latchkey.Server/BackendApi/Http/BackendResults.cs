using System.Globalization;
using Latchkey.Server.FrontendApi.Errors;

namespace Latchkey.Server.BackendApi.Http;

/// <summary>
/// Answers of the Backend API: JSON with the exact <c>application/json</c> media type that
/// <c>@clerk/backend</c> requires, errors in the protocol's envelope, and RFC 7807 problem details
/// (with the same stable <c>code</c>) for endpoints only Latchkey has.
/// </summary>
internal static class BackendResults
{
    public static IResult Json(object value, int status = StatusCodes.Status200OK) =>
        Results.Json(value, options: null, contentType: BackendNames.JsonContentType, statusCode: status);

    /// <summary>The error in the shape the endpoint speaks: problem details on Latchkey-only endpoints, else the envelope.</summary>
    public static IResult Error(HttpContext http, ApiError error)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<LatchkeyOnlyEndpoint>() is not null)
        {
            if (error.RetryAfterSeconds is { } seconds)
            {
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            return Problem(http, error);
        }

        return ErrorEnvelope.Result(error, http);
    }

    /// <summary>RFC 7807: <c>type</c>, <c>title</c>, <c>status</c>, <c>detail</c>, plus <c>code</c>, <c>param_name</c> and <c>trace_id</c>.</summary>
    public static IResult Problem(HttpContext http, ApiError error)
    {
        var extensions = new Dictionary<string, object?>
        {
            ["code"] = error.Code,
            ["trace_id"] = http.TraceIdentifier,
        };
        if (error.ParamName is not null)
        {
            extensions["param_name"] = error.ParamName;
        }

        foreach (var (key, value) in error.Meta ?? new Dictionary<string, object?>())
        {
            extensions[key] = value;
        }

        return Results.Problem(
            detail: error.LongMessage,
            statusCode: error.Status,
            title: error.Message,
            type: "urn:latchkey:error:" + error.Code,
            extensions: extensions);
    }
}
