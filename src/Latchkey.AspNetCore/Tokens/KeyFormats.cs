using Latchkey.Tokens;

namespace Latchkey.AspNetCore.Tokens;

/// <summary>Publishable-key parsing (protocol.md §1.1) and the cookie suffix (§1.5), from the token core.</summary>
internal static class KeyFormats
{
    public static bool TryParsePublishableKey(string? key, out string frontendApiHost, out bool isProduction)
    {
        if (PublishableKey.TryParse(key, out var parsed))
        {
            frontendApiHost = parsed.FrontendApiHost;
            isProduction = parsed.InstanceType == InstanceType.Production;
            return true;
        }

        frontendApiHost = string.Empty;
        isProduction = false;
        return false;
    }

    public static string CookieSuffix(string publishableKey) => PublishableKey.ComputeCookieSuffix(publishableKey);
}
