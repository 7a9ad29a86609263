using System.Security.Claims;
using System.Text.Json;

namespace Latchkey.AspNetCore;

/// <summary>
/// The verified claims of a session token as application code reads them (protocol.md §3):
/// user, session, status, organization (v1 <c>org_*</c> or v2 <c>o</c> claims, permissions
/// already expanded), factor-verification age, actor, and the raw payload.
/// </summary>
public sealed class LatchkeySessionClaims
{
    internal LatchkeySessionClaims(
        JsonElement payload,
        string userId,
        string? sessionId,
        string? sessionStatus,
        string? issuer,
        string? authorizedParty,
        DateTimeOffset issuedAt,
        DateTimeOffset expiresAt,
        string? organizationId,
        string? organizationSlug,
        string? organizationRole,
        IReadOnlyList<string> organizationPermissions,
        IReadOnlyList<int>? factorVerificationAge,
        JsonElement? actor)
    {
        Payload = payload;
        UserId = userId;
        SessionId = sessionId;
        SessionStatus = sessionStatus;
        Issuer = issuer;
        AuthorizedParty = authorizedParty;
        IssuedAt = issuedAt;
        ExpiresAt = expiresAt;
        OrganizationId = organizationId;
        OrganizationSlug = organizationSlug;
        OrganizationRole = organizationRole;
        OrganizationPermissions = organizationPermissions;
        FactorVerificationAge = factorVerificationAge;
        Actor = actor;
    }

    /// <summary>The whole verified payload (raw claims).</summary>
    public JsonElement Payload { get; }

    /// <summary>The user id (<c>sub</c>, e.g. <c>user_...</c>).</summary>
    public string UserId { get; }

    /// <summary>The session id (<c>sid</c>, e.g. <c>sess_...</c>), when present.</summary>
    public string? SessionId { get; }

    /// <summary>The session status claim (<c>sts</c>: <c>active</c> or <c>pending</c>), when present.</summary>
    public string? SessionStatus { get; }

    /// <summary>The issuer (<c>iss</c>): the Frontend API URL.</summary>
    public string? Issuer { get; }

    /// <summary>The authorized party (<c>azp</c>): the origin the token was minted for.</summary>
    public string? AuthorizedParty { get; }

    /// <summary>When the token was issued (<c>iat</c>).</summary>
    public DateTimeOffset IssuedAt { get; }

    /// <summary>When the token expires (<c>exp</c>).</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>The active organization's id, when one is active.</summary>
    public string? OrganizationId { get; }

    /// <summary>The active organization's slug, when one is active.</summary>
    public string? OrganizationSlug { get; }

    /// <summary>The role in the active organization, with the <c>org:</c> prefix (e.g. <c>org:admin</c>).</summary>
    public string? OrganizationRole { get; }

    /// <summary>The permissions in the active organization (e.g. <c>org:memberships:manage</c>).</summary>
    public IReadOnlyList<string> OrganizationPermissions { get; }

    /// <summary>Minutes since the first and second factor verification (<c>fva</c>; -1 = never), when present.</summary>
    public IReadOnlyList<int>? FactorVerificationAge { get; }

    /// <summary>The actor claim (<c>act</c>) of an impersonated session, when present.</summary>
    public JsonElement? Actor { get; }

    /// <summary>
    /// The handler's principal claims for these claims, made on first use. The token core shares
    /// one instance of this class among the requests that carry the same verified token, so the
    /// claims are built once per token; each request's identity gets clones of them.
    /// </summary>
    internal PrincipalClaimSet? PrincipalClaims { get; set; }

    /// <summary>The signed-in state without response headers for these claims, made on first use (see <c>States.SignedIn</c>).</summary>
    internal LatchkeyRequestState? SignedInState { get; set; }

    /// <summary>Principal claims built for one scheme (the claims' issuer).</summary>
    internal sealed record PrincipalClaimSet(string Issuer, bool WithTokenClaims, Claim[] Claims);
}
