using Latchkey.Server.FrontendApi.Errors;
using Latchkey.Server.FrontendApi.Http;
using Latchkey.Server.Keys;

namespace Latchkey.Server.BackendApi;

/// <summary>
/// The one secret-key check of the revocation feed endpoints: <c>Authorization: Bearer
/// sk_...</c> must be a live secret key of this instance, else the protocol's 401 with a
/// stable code. (Backend API key management replaces the check behind this call.)
/// </summary>
internal static class SecretKeyGate
{
    /// <summary>Null when the request carries a live secret key; else the 401 answer to return.</summary>
    public static async Task<IResult?> RefuseUnlessAuthorizedAsync(HttpContext http, SecretKeys secretKeys, ILogger logger, CancellationToken cancellationToken)
    {
        var authorization = http.Request.Headers.Authorization;
        var value = authorization.Count == 1 ? authorization[0] : null;
        var presented = value is not null && value.StartsWith("Bearer ", StringComparison.Ordinal) ? value["Bearer ".Length..].Trim() : null;
        if (await secretKeys.IsValidAsync(presented, cancellationToken))
        {
            return null;
        }

        Log.BackendApiRefused(logger, http.Request.Path, ErrorCodes.SecretKeyInvalid);
        return FrontendResponder.Error(http, new ApiError(401, ErrorCodes.SecretKeyInvalid, "Secret key invalid",
            "Send a live secret key of this instance as 'Authorization: Bearer sk_...'."));
    }
}
