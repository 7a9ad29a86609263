using Latchkey.Server.FrontendApi.Errors;
using Latchkey.Server.Keys;

namespace Latchkey.Server.BackendApi.Http;

/// <summary>
/// Every Backend API call needs <c>Authorization: Bearer &lt;secret key&gt;</c> with a live secret key
/// of this instance (protocol.md §1.3, §10). No header, or another scheme: 401
/// <c>authentication_invalid</c>; a key that is malformed, unknown or revoked: 401
/// <c>clerk_key_invalid</c> (the code <c>@clerk/backend</c> maps to its <c>secret-key-invalid</c>
/// reason). Both carry <c>WWW-Authenticate: Bearer</c> (RFC 6750 §3). The id of the key that
/// authenticated is kept on the request for audit events.
/// </summary>
internal sealed class SecretKeyFilter(SecretKeys secretKeys, ILogger<SecretKeyFilter> logger) : IEndpointFilter
{
    private const string Scheme = "Bearer ";
    private static readonly object KeyIdItem = new();

    /// <summary>The id of the secret key that authenticated the request (after this filter ran).</summary>
    public static string? KeyId(HttpContext http) => http.Items.TryGetValue(KeyIdItem, out var id) ? id as string : null;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var headers = http.Request.Headers.Authorization;
        var header = headers.Count == 1 ? headers[0] : null;
        if (header is null || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            Log.BackendAuthRefused(logger, ErrorCodes.AuthenticationInvalid);
            return Refuse(http, new ApiError(401, ErrorCodes.AuthenticationInvalid, "Authentication required",
                "Send a secret key of this instance as 'Authorization: Bearer sk_...'."));
        }

        var keyId = await secretKeys.AuthenticateAsync(header[Scheme.Length..].Trim(), http.RequestAborted);
        if (keyId is null)
        {
            Log.BackendAuthRefused(logger, ErrorCodes.SecretKeyInvalid);
            return Refuse(http, new ApiError(401, ErrorCodes.SecretKeyInvalid, "Secret key invalid",
                "The secret key is not a live secret key of this instance; check it, or create a new one with POST /v1/secret_keys."));
        }

        http.Items[KeyIdItem] = keyId;
        return await next(context);
    }

    private static IResult Refuse(HttpContext http, ApiError error)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer realm=\"latchkey\"";
        return BackendResults.Error(http, error);
    }
}
