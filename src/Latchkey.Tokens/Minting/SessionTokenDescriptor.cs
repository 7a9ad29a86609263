using System.Text.Json;

namespace Latchkey.Tokens;

/// <summary>
/// What a session token says (protocol §3): the claims and the header extras. Times default to
/// the minter's clock: <c>iat</c> = now, <c>nbf</c> = <c>iat</c> − <see cref="NotBeforeSkew"/>,
/// <c>exp</c> = <c>iat</c> + <see cref="Lifetime"/>.
/// </summary>
/// <example>
/// <code>
/// var descriptor = new SessionTokenDescriptor
/// {
///     Subject = "user_2abc", SessionId = "sess_2xyz", Issuer = "https://clerk.example.com",
///     AuthorizedParty = "https://example.com", SessionStatus = "active",
/// };
/// string jwt = minter.Mint(descriptor, signingKey);
/// </code>
/// </example>
public sealed class SessionTokenDescriptor
{
    /// <summary>The user id (<c>sub</c>); required, non-empty.</summary>
    public required string Subject { get; init; }

    /// <summary>The session id (<c>sid</c>); required for session tokens, may be null for template tokens.</summary>
    public string? SessionId { get; init; }

    /// <summary>The issuer (<c>iss</c>): the Frontend API URL with scheme; required.</summary>
    public required string Issuer { get; init; }

    /// <summary>The authorized party (<c>azp</c>): the <c>Origin</c> of the mint request; omitted when null.</summary>
    public string? AuthorizedParty { get; init; }

    /// <summary>Audiences (<c>aud</c>); omitted when null or empty, a string for one, an array for several.</summary>
    public IReadOnlyList<string>? Audiences { get; init; }

    /// <summary>Issue time; default null: the minter's current time, truncated to whole seconds.</summary>
    public DateTimeOffset? IssuedAt { get; init; }

    /// <summary>Token lifetime (<c>exp</c> − <c>iat</c>). Default 60 seconds; 1 second to 24 hours.</summary>
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How far <c>nbf</c> lies before <c>iat</c>. Default 10 seconds; 0 to 300 seconds.</summary>
    public TimeSpan NotBeforeSkew { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Claims version (<c>v</c>): 2 (default) writes the version-2 claims; 1 omits <c>v</c> and writes organization claims as <c>org_*</c>.</summary>
    public int Version { get; init; } = 2;

    /// <summary>Session status (<c>sts</c>): <c>active</c> or <c>pending</c>; omitted when null.</summary>
    public string? SessionStatus { get; init; }

    /// <summary>Factor verification age (<c>fva</c>); omitted when null.</summary>
    public FactorVerificationAge? FactorVerificationAge { get; init; }

    /// <summary>Impersonation actor (<c>act</c>); omitted when null.</summary>
    public ActorClaim? Actor { get; init; }

    /// <summary>Active organization (<c>o</c> in version 2, <c>org_*</c> in version 1); omitted when null.</summary>
    public OrganizationClaim? Organization { get; init; }

    /// <summary>Version-1 organization permissions (<c>org_permissions</c>); used only when <see cref="Version"/> is 1.</summary>
    public IReadOnlyList<string>? OrganizationPermissionsV1 { get; init; }

    /// <summary>Plans (<c>pla</c>), a comma list of <c>scope:slug</c>; omitted when null.</summary>
    public string? Plans { get; init; }

    /// <summary>Features (<c>fea</c>), a comma list of <c>scope:name</c>; omitted when null.</summary>
    public string? Features { get; init; }

    /// <summary>Token id (<c>jti</c>); default null: 20 random hexadecimal characters.</summary>
    public string? TokenId { get; init; }

    /// <summary>Header <c>cat</c>; default <see cref="TokenCategories.Session"/>; null omits it.</summary>
    public string? Category { get; init; } = TokenCategories.Session;

    /// <summary>Header <c>oiat</c> ("origin issued at"); omitted when null.</summary>
    public DateTimeOffset? OriginIssuedAt { get; init; }

    /// <summary>Custom claims (from a session-token template); they cannot replace a standard claim.</summary>
    public IReadOnlyDictionary<string, JsonElement>? CustomClaims { get; init; }
}
