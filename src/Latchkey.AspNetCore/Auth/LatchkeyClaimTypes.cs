namespace Latchkey.AspNetCore;

/// <summary>
/// Claim types of the <see cref="System.Security.Claims.ClaimsPrincipal"/> Latchkey creates. Every
/// top-level token claim is present under its own name (<c>sub</c>, <c>sid</c>, <c>sts</c>,
/// <c>azp</c>, ...); the organization claims are present in expanded form (v1 and v2 alike).
/// </summary>
public static class LatchkeyClaimTypes
{
    /// <summary>The user id (<c>sub</c>); also the identity's name claim type.</summary>
    public const string Subject = "sub";

    /// <summary>The session id (<c>sid</c>).</summary>
    public const string SessionId = "sid";

    /// <summary>The session status (<c>sts</c>).</summary>
    public const string SessionStatus = "sts";

    /// <summary>The active organization's id.</summary>
    public const string OrganizationId = "org_id";

    /// <summary>The active organization's slug.</summary>
    public const string OrganizationSlug = "org_slug";

    /// <summary>The role in the active organization (<c>org:admin</c>); the identity's role claim type, so <c>[Authorize(Roles = "org:admin")]</c> works.</summary>
    public const string OrganizationRole = "org_role";

    /// <summary>One permission in the active organization (repeated).</summary>
    public const string OrganizationPermission = "org_permissions";

    /// <summary>The credential kind: <c>session_token</c>, <c>api_key</c>, <c>m2m_token</c> or <c>oauth_token</c>.</summary>
    public const string TokenType = "latchkey_token_type";

    /// <summary>One scope of a machine token (repeated).</summary>
    public const string Scope = "scope";
}
