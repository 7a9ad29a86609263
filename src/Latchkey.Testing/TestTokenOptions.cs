using System.Text.Json;

namespace Latchkey.Testing;

/// <summary>What a <see cref="TestIssuer"/> puts into a session token. Every property is optional.</summary>
public sealed class TestTokenOptions
{
    /// <summary>The user id (<c>sub</c>). Default: <c>user_test</c>.</summary>
    public string UserId { get; set; } = "user_test";

    /// <summary>The session id (<c>sid</c>). Default: <c>sess_test</c>.</summary>
    public string SessionId { get; set; } = "sess_test";

    /// <summary>The authorized party (<c>azp</c>), e.g. <c>http://127.0.0.1:5200</c>. Default: none.</summary>
    public string? AuthorizedParty { get; set; }

    /// <summary>The session status (<c>sts</c>): <c>active</c> or <c>pending</c>. Default: <c>active</c>.</summary>
    public string? SessionStatus { get; set; } = "active";

    /// <summary>When the token is issued. Default: the issuer's clock now.</summary>
    public DateTimeOffset? IssuedAt { get; set; }

    /// <summary>The lifetime (<c>exp - iat</c>). Default: 60 seconds.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The active organization's id. Default: none (personal account).</summary>
    public string? OrganizationId { get; set; }

    /// <summary>The active organization's slug. Default: none.</summary>
    public string? OrganizationSlug { get; set; }

    /// <summary>The role in the organization, with or without the <c>org:</c> prefix, e.g. <c>admin</c>. Default: none.</summary>
    public string? OrganizationRole { get; set; }

    /// <summary>Granted permissions of the form <c>org:&lt;feature&gt;:&lt;permission&gt;</c>. Default: none.</summary>
    public IList<string> OrganizationPermissions { get; set; } = new List<string>();

    /// <summary>Minutes since first and second factor verification (<c>fva</c>), or null to omit. Default: null.</summary>
    public (int FirstFactor, int SecondFactor)? FactorVerificationAge { get; set; }

    /// <summary>The impersonator's user id (<c>act.sub</c>), or null for no actor. Default: null.</summary>
    public string? ActorUserId { get; set; }

    /// <summary>Custom claims (names other than the standard ones). Default: none.</summary>
    public IDictionary<string, JsonElement> CustomClaims { get; set; } = new Dictionary<string, JsonElement>();
}
