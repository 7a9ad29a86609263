using Latchkey.Server.FrontendApi.Errors;

namespace Latchkey.Server.BackendApi.Http;

/// <summary>
/// Accepts <c>Clerk-API-Version</c> (a date, <c>YYYY-MM-DD</c>) and echoes it on the answer; without
/// one the answer names <see cref="BackendNames.DefaultApiVersion"/>. Latchkey serves one shape
/// for every version; a value that is not a date is 400 <c>api_version_invalid</c>.
/// </summary>
internal sealed class ApiVersionFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var values = http.Request.Headers[BackendNames.ApiVersionHeader];
        var version = BackendNames.DefaultApiVersion;
        if (values.Count > 0)
        {
            if (values.Count != 1 || !IsDate(values[0]))
            {
                return ValueTask.FromResult<object?>(BackendResults.Error(http, new ApiError(400, ErrorCodes.ApiVersionInvalid, "API version invalid",
                    $"{BackendNames.ApiVersionHeader} must be one date such as {BackendNames.DefaultApiVersion}.")));
            }

            version = values[0]!;
        }

        http.Response.Headers[BackendNames.ApiVersionHeader] = version;
        return next(context);
    }

    private static bool IsDate(string? value) =>
        value is { Length: 10 } && DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _);
}
