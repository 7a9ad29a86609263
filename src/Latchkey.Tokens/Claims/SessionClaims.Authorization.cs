namespace Latchkey.Tokens;

/// <summary>The <c>has()</c>-style checks of protocol §3.5.</summary>
public sealed partial class SessionClaims
{
    /// <summary>True when the active organization role equals <paramref name="role"/> (the <c>org:</c> prefix is optional).</summary>
    public bool HasRole(string role)
    {
        ArgumentException.ThrowIfNullOrEmpty(role);
        return OrganizationRole is not null && OrganizationRole == Normalize(role);
    }

    /// <summary>True when the organization permissions include <paramref name="permission"/> (e.g. <c>org:memberships:manage</c>; the <c>org:</c> prefix is optional).</summary>
    public bool HasPermission(string permission)
    {
        ArgumentException.ThrowIfNullOrEmpty(permission);
        string wanted = Normalize(permission);
        foreach (string p in OrganizationPermissions)
        {
            if (p == wanted)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when <c>fea</c> grants <paramref name="feature"/>: <c>org:x</c> / <c>o:x</c> /
    /// <c>organization:x</c> need an organization scope, <c>user:x</c> / <c>u:x</c> a user scope,
    /// and an unscoped <c>x</c> matches either.
    /// </summary>
    public bool HasFeature(string feature) => ScopedListContains(Features, feature);

    /// <summary>True when <c>pla</c> holds <paramref name="plan"/>, with the scope rules of <see cref="HasFeature"/>.</summary>
    public bool HasPlan(string plan) => ScopedListContains(Plans, plan);

    private static string Normalize(string value) => value.StartsWith("org:", StringComparison.Ordinal) ? value : "org:" + value;

    private static bool ScopedListContains(string? list, string query)
    {
        ArgumentException.ThrowIfNullOrEmpty(query);
        if (string.IsNullOrEmpty(list))
        {
            return false;
        }

        bool wantOrg = true, wantUser = true;
        string name = query;
        int colon = query.IndexOf(':');
        if (colon >= 0)
        {
            string scope = query[..colon];
            name = query[(colon + 1)..];
            wantOrg = scope is "o" or "org" or "organization";
            wantUser = scope is "u" or "user";
            if (!wantOrg && !wantUser)
            {
                return false;
            }
        }

        foreach (string entry in list.Split(','))
        {
            int c = entry.IndexOf(':');
            if (c < 0 || entry.AsSpan(c + 1).SequenceEqual(name) is false)
            {
                continue;
            }

            ReadOnlySpan<char> scopes = entry.AsSpan(0, c);
            if ((wantOrg && scopes.Contains('o')) || (wantUser && scopes.Contains('u')))
            {
                return true;
            }
        }

        return false;
    }
}
