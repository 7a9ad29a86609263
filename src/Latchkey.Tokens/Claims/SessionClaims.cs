using System.Text;
using System.Text.Json;
using Latchkey.Tokens.Internal;

namespace Latchkey.Tokens;

/// <summary>
/// The claims of a session token (protocol §3.2–§3.4): the common claims, the version-2 claims
/// (<c>v</c>, <c>sts</c>, <c>fva</c>, <c>act</c>, <c>pla</c>, <c>fea</c>, <c>o</c>) and the
/// version-1 organization claims (<c>org_*</c>), with organization id, slug, role and
/// permissions normalized across both versions. Every known claim had its JSON type checked
/// when the token was read. The raw claim set stays available (<see cref="RawJson"/>,
/// <see cref="TryGetClaim"/>) for custom claims. Immutable and thread-safe.
/// </summary>
public sealed partial class SessionClaims
{
    private IReadOnlyList<string>? _organizationPermissions;
    private object? _root; // a boxed JsonElement: publishing a reference is atomic, a Nullable<JsonElement> is not
    private Utf8String _subject = Utf8String.Absent;
    private Utf8String _sessionId = Utf8String.Absent;
    private Utf8String _tokenId = Utf8String.Absent;
    private Utf8String _sessionStatus = Utf8String.Absent;

    internal SessionClaims(byte[] rawJson)
    {
        RawJsonBytes = rawJson;
    }

    /// <summary>The user id (<c>sub</c>, <c>user_...</c>). Never null or empty on a verified token.</summary>
    public string? Subject => _subject.Get(RawJsonBytes);

    /// <summary>The session id (<c>sid</c>, <c>sess_...</c>). Never null on a verified session token.</summary>
    public string? SessionId => _sessionId.Get(RawJsonBytes);

    /// <summary>The issuer (<c>iss</c>), the Frontend API URL with scheme.</summary>
    public string? Issuer { get; internal init; }

    /// <summary>The authorized party (<c>azp</c>): the origin that requested the token, when it sent one.</summary>
    public string? AuthorizedParty { get; internal init; }

    /// <summary>The audiences (<c>aud</c>, a string or an array); empty when absent.</summary>
    public IReadOnlyList<string> Audiences { get; internal init; } = [];

    /// <summary>The token id (<c>jti</c>).</summary>
    public string? TokenId => _tokenId.Get(RawJsonBytes);

    /// <summary>Issue time (<c>iat</c>), when present.</summary>
    public DateTimeOffset? IssuedAt { get; internal init; }

    /// <summary>Not-before time (<c>nbf</c>), when present.</summary>
    public DateTimeOffset? NotBefore { get; internal init; }

    /// <summary>Expiry time (<c>exp</c>); always present on a verified token.</summary>
    public DateTimeOffset? ExpiresAt { get; internal init; }

    /// <summary>The claims version (<c>v</c>): 1 when the claim is absent, else its value (2 today).</summary>
    public int Version { get; internal init; } = 1;

    /// <summary>The session status (<c>sts</c>): <c>active</c> or <c>pending</c>; null when absent.</summary>
    public string? SessionStatus => _sessionStatus.Get(RawJsonBytes);

    /// <summary>The factor verification age (<c>fva</c>), when present.</summary>
    public FactorVerificationAge? FactorVerificationAge { get; internal init; }

    /// <summary>The impersonation actor (<c>act</c>), when present.</summary>
    public ActorClaim? Actor { get; internal init; }

    /// <summary>The plans claim (<c>pla</c>), a comma list of <c>scope:slug</c>, as on the wire.</summary>
    public string? Plans { get; internal init; }

    /// <summary>The features claim (<c>fea</c>), a comma list of <c>scope:name</c>, as on the wire.</summary>
    public string? Features { get; internal init; }

    /// <summary>The raw version-2 organization claim (<c>o</c>), when present.</summary>
    public OrganizationClaim? Organization { get; internal init; }

    /// <summary>The active organization id (<c>o.id</c>, or <c>org_id</c> in version 1).</summary>
    public string? OrganizationId { get; internal init; }

    /// <summary>The active organization slug (<c>o.slg</c>, or <c>org_slug</c>).</summary>
    public string? OrganizationSlug { get; internal init; }

    /// <summary>The member's role with the <c>org:</c> prefix (<c>org:</c> + <c>o.rol</c>, or <c>org_role</c>).</summary>
    public string? OrganizationRole { get; internal init; }

    /// <summary>
    /// The member's permissions as <c>org:&lt;feature&gt;:&lt;permission&gt;</c>: version 1 reads
    /// <c>org_permissions</c>; version 2 expands <c>fea</c>, <c>o.per</c> and <c>o.fpm</c> exactly
    /// as protocol §3.4 (bit i of the feature's mask grants permission i; bits beyond the
    /// permission list are ignored). Empty without an active organization.
    /// </summary>
    public IReadOnlyList<string> OrganizationPermissions =>
        _organizationPermissions ??= V1OrganizationPermissions ?? OrganizationPermissionExpander.Expand(Features, Organization);

    internal IReadOnlyList<string>? V1OrganizationPermissions { get; init; }

    internal Utf8String SubjectText { init => _subject = value; }

    internal Utf8String SessionIdText { init => _sessionId = value; }

    internal Utf8String TokenIdText { init => _tokenId = value; }

    internal Utf8String SessionStatusText { init => _sessionStatus = value; }

    internal bool SubjectIsNullOrEmpty => _subject.IsNullOrEmpty;

    internal bool SessionIdIsNullOrEmpty => _sessionId.IsNullOrEmpty;

    internal bool SubjectStartsWith(ReadOnlySpan<byte> prefix) => _subject.StartsWith(RawJsonBytes, prefix);

    internal byte[] RawJsonBytes { get; }

    /// <summary>The claim set exactly as signed (UTF-8 JSON).</summary>
    public ReadOnlyMemory<byte> RawJson => RawJsonBytes;

    /// <summary>The claim set as a JSON string.</summary>
    public string ToJson() => Encoding.UTF8.GetString(RawJsonBytes);

    /// <summary>The claim set as a <see cref="JsonElement"/> (parsed on first use).</summary>
    public JsonElement Root => (JsonElement)(_root ??= ParseRoot());

    private object ParseRoot()
    {
        using JsonDocument document = JsonDocument.Parse(RawJsonBytes);
        return document.RootElement.Clone();
    }

    /// <summary>Reads any claim, including custom ones, by exact name.</summary>
    public bool TryGetClaim(string name, out JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Root.TryGetProperty(name, out value);
    }
}
