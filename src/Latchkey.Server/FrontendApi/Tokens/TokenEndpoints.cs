using Latchkey.Server.FrontendApi.Errors;
using Latchkey.Server.FrontendApi.Http;
using Latchkey.Server.FrontendApi.Sessions;

namespace Latchkey.Server.FrontendApi.Tokens;

/// <summary>
/// <c>POST /v1/client/sessions/{id}/tokens</c> → <c>{"object":"token","jwt":...}</c> (top level, no envelope),
/// and <c>/tokens/{template}</c>, which answers <c>template_not_found</c> until templates exist.
/// </summary>
internal static class TokenEndpoints
{
    public static RouteGroupBuilder MapTokens(this RouteGroupBuilder group)
    {
        group.MapPost("/client/sessions/{id}/tokens", Mint).RequireRateLimiting(RateLimitPolicies.Tokens);
        group.MapPost("/client/sessions/{id}/tokens/{template}", (HttpContext http, string template) =>
            FrontendResponder.Error(http, TokenErrors.TemplateNotFound(template.Length > 64 ? template[..64] : template)))
            .RequireRateLimiting(RateLimitPolicies.Tokens);
        return group;
    }

    private static async Task<IResult> Mint(HttpContext http, string id, FrontendRequest request, TokenService tokens, CancellationToken cancellationToken)
    {
        var fields = await request.FieldsAsync(http);
        if (fields.Failed)
        {
            return FrontendResponder.Error(http, fields.Error!);
        }

        if (!string.IsNullOrEmpty(fields.Value!["organization_id"]))
        {
            return FrontendResponder.Error(http, new ApiError(404, ErrorCodes.ResourceNotFound, "Organization not found", "This instance has no organizations yet.", "organization_id"));
        }

        var tabState = fields.Value["tab_state"];
        if (tabState is not null and not ("focused" or "visible" or "hidden"))
        {
            return FrontendResponder.Error(http, ApiErrors.ValueInvalid("tab_state", "tab_state is focused, visible or hidden."));
        }

        var jwt = await tokens.MintForRequestAsync(http, id, cancellationToken);
        return jwt.Failed
            ? FrontendResponder.Error(http, jwt.Error!)
            : new TokenResponse(jwt.Value!);
    }
}
