using System.Globalization;
using System.Numerics;

namespace Latchkey.Tokens;

/// <summary>Expands version-2 organization permissions (protocol §3.4).</summary>
internal static class OrganizationPermissionExpander
{
    public static IReadOnlyList<string> Expand(string? features, OrganizationClaim? organization)
    {
        if (organization is null || string.IsNullOrEmpty(features) || string.IsNullOrEmpty(organization.Permissions)
            || string.IsNullOrEmpty(organization.FeaturePermissionMap))
        {
            return [];
        }

        // Organization-scoped features (scope o, uo or ou), in fea order.
        var orgFeatures = new List<string>();
        foreach (string entry in features.Split(','))
        {
            int colon = entry.IndexOf(':');
            if (colon > 0 && entry.AsSpan(0, colon).Contains('o'))
            {
                orgFeatures.Add(entry[(colon + 1)..]);
            }
        }

        string[] permissions = organization.Permissions.Split(',');
        string[] masks = organization.FeaturePermissionMap.Split(',');
        var result = new List<string>();
        for (int f = 0; f < orgFeatures.Count && f < masks.Length; f++)
        {
            if (!BigInteger.TryParse(masks[f], NumberStyles.None, CultureInfo.InvariantCulture, out BigInteger mask))
            {
                continue;
            }

            for (int bit = 0; bit < permissions.Length && !mask.IsZero; bit++, mask >>= 1)
            {
                if (!mask.IsEven)
                {
                    result.Add($"org:{orgFeatures[f]}:{permissions[bit]}");
                }
            }
        }

        return result;
    }
}
