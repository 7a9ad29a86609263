using System.Numerics;

namespace Latchkey.Tokens;

/// <summary>
/// The version-2 organization claim <c>o</c> (protocol §3.4), as carried on the wire: the role
/// without the <c>org:</c> prefix, the permission names and the per-feature permission bitmasks.
/// <see cref="SessionClaims.OrganizationPermissions"/> holds the expanded
/// <c>org:&lt;feature&gt;:&lt;permission&gt;</c> strings.
/// </summary>
/// <param name="Id">The organization id (<c>o.id</c>).</param>
/// <param name="Slug">The organization slug (<c>o.slg</c>).</param>
/// <param name="Role">The member's role without prefix (<c>o.rol</c>, e.g. <c>admin</c>).</param>
/// <param name="Permissions">Comma list of permission names (<c>o.per</c>, e.g. <c>read,manage</c>).</param>
/// <param name="FeaturePermissionMap">
/// Comma list of decimal integers (<c>o.fpm</c>), one per organization-scoped feature of
/// <c>fea</c> in order; bit i set grants permission i of <see cref="Permissions"/> for that feature.
/// </param>
public sealed record OrganizationClaim(string Id, string? Slug = null, string? Role = null, string? Permissions = null, string? FeaturePermissionMap = null)
{
    /// <summary>
    /// Encodes organization permissions for minting: given the organization-scoped features (in
    /// the order they appear in <c>fea</c>) and the granted <c>org:&lt;feature&gt;:&lt;permission&gt;</c>
    /// strings, computes <see cref="Permissions"/> and <see cref="FeaturePermissionMap"/>.
    /// </summary>
    /// <param name="id">Organization id.</param>
    /// <param name="slug">Organization slug.</param>
    /// <param name="role">Role without the <c>org:</c> prefix (a prefix is removed).</param>
    /// <param name="organizationFeatures">Feature names (no scope), in <c>fea</c> order.</param>
    /// <param name="grantedPermissions">Permissions such as <c>org:memberships:manage</c>; each feature must be in <paramref name="organizationFeatures"/>.</param>
    /// <exception cref="ArgumentException">A permission is malformed or names an unknown feature.</exception>
    public static OrganizationClaim FromPermissions(string id, string? slug, string? role, IReadOnlyList<string> organizationFeatures, IEnumerable<string> grantedPermissions)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(organizationFeatures);
        ArgumentNullException.ThrowIfNull(grantedPermissions);
        var names = new List<string>();
        var masks = new BigInteger[organizationFeatures.Count];
        foreach (string permission in grantedPermissions)
        {
            string[] parts = permission.Split(':');
            if (parts.Length != 3 || parts[0] != "org" || parts[1].Length == 0 || parts[2].Length == 0 || parts[2].Contains(','))
            {
                throw new ArgumentException($"Permission \"{permission}\" is not of the form org:<feature>:<permission>.", nameof(grantedPermissions));
            }

            int feature = -1;
            for (int i = 0; i < organizationFeatures.Count; i++)
            {
                if (organizationFeatures[i] == parts[1])
                {
                    feature = i;
                    break;
                }
            }

            if (feature < 0)
            {
                throw new ArgumentException($"Permission \"{permission}\" names feature \"{parts[1]}\", which is not an organization feature.", nameof(grantedPermissions));
            }

            int bit = names.IndexOf(parts[2]);
            if (bit < 0)
            {
                bit = names.Count;
                names.Add(parts[2]);
            }

            masks[feature] |= BigInteger.One << bit;
        }

        string? normalizedRole = role is not null && role.StartsWith("org:", StringComparison.Ordinal) ? role[4..] : role;
        return new OrganizationClaim(
            id, slug, normalizedRole,
            names.Count == 0 ? null : string.Join(',', names),
            masks.Length == 0 ? null : string.Join(',', masks.Select(m => m.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }
}
