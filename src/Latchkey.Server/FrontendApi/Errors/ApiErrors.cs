namespace Latchkey.Server.FrontendApi.Errors;

/// <summary>Factories for the errors the endpoints return, so wording stays consistent.</summary>
internal static class ApiErrors
{
    public static ApiError Missing(string param) =>
        new(422, ErrorCodes.FormParamMissing, $"{param} is missing", $"The parameter {param} is required.", param);

    public static ApiError Invalid(string param, string why) =>
        new(422, ErrorCodes.FormParamFormatInvalid, $"{param} is invalid", why, param);

    public static ApiError ValueInvalid(string param, string why) =>
        new(422, ErrorCodes.FormParamValueInvalid, $"{param} is invalid", why, param);

    public static ApiError TooLong(string param, int max) =>
        new(422, ErrorCodes.FormParamExceedsAllowedSize, $"{param} is too long", $"{param} may have at most {max} characters.", param);

    public static ApiError NotFound(string code, string what) =>
        new(404, code, $"{what} not found", $"No {what} with this id exists for this client.");

    public static ApiError BodyInvalid(string why) =>
        new(400, ErrorCodes.RequestBodyInvalid, "Request body is invalid", why);

    /// <summary>
    /// 413 for a body over <paramref name="maxBytes"/>. The rest of such a body is not read, so on
    /// HTTP/1.x the answer also says <c>Connection: close</c>: the server closes the connection
    /// after it instead of draining the body, and a client must not send its next request on it
    /// (without the header a client may reuse the connection just as the server closes it).
    /// </summary>
    public static ApiError BodyTooLarge(HttpContext context, int maxBytes)
    {
        var protocol = context.Request.Protocol;
        if (!context.Response.HasStarted && (HttpProtocol.IsHttp11(protocol) || HttpProtocol.IsHttp10(protocol)))
        {
            context.Response.Headers.Connection = "close";
        }

        return new(413, ErrorCodes.RequestBodyTooLarge, "Request body too large", $"The request body may have at most {maxBytes} bytes.");
    }

    public static ApiError TooManyRequests(int retryAfterSeconds) =>
        new(429, ErrorCodes.TooManyRequests, "Too many requests", $"Too many requests; retry in {retryAfterSeconds} seconds.")
        {
            RetryAfterSeconds = retryAfterSeconds,
        };

    /// <summary>The database cannot be reached or cannot serve now; nothing was written, the request may be repeated.</summary>
    public static ApiError ServiceUnavailable(int retryAfterSeconds) =>
        new(503, ErrorCodes.ServiceUnavailable, "Service unavailable", $"The server cannot reach its database; the request had no effect. Retry in {retryAfterSeconds} seconds.")
        {
            RetryAfterSeconds = retryAfterSeconds,
        };

    public static ApiError Locked(int retryAfterSeconds) =>
        new(403, ErrorCodes.UserLocked, "Account locked", $"Too many failed attempts; try again in {retryAfterSeconds} seconds.")
        {
            RetryAfterSeconds = retryAfterSeconds,
            Meta = new Dictionary<string, object?> { ["lockout_expires_in_seconds"] = retryAfterSeconds },
        };

    public static ApiError OriginInvalid() =>
        new(403, ErrorCodes.OriginInvalid, "Origin not allowed", "State-changing requests must come from an allowed origin.");

    public static ApiError DevBrowserUnauthenticated() =>
        new(401, ErrorCodes.DevBrowserUnauthenticated, "Unauthenticated", "The dev-browser token is unknown; create a new one with POST /v1/dev_browser.");

    public static ApiError Conflict() =>
        new(409, ErrorCodes.Conflict, "Conflict", "The resource changed concurrently; retry the request.");
}
