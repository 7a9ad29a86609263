using Latchkey.Server.Configuration;
using Latchkey.Server.FrontendApi.Errors;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.BackendApi.Http;

/// <summary>Reads Backend API bodies with the configured size limit.</summary>
internal sealed class BackendRequest(IOptions<LatchkeyServerOptions> options)
{
    public Task<Outcome<BackendBody>> BodyAsync(HttpContext http, IReadOnlySet<string> allowed) =>
        BackendBody.ReadAsync(http, options.Value.MaxRequestBodyBytes, allowed);

    /// <summary>404 <c>resource_not_found</c> for an unknown id of <paramref name="what"/> (e.g. <c>user</c>).</summary>
    public static ApiError NotFound(string what, string param) =>
        new(404, ErrorCodes.ResourceNotFound, $"{what} not found", $"No {what} with this id exists.", param);
}
