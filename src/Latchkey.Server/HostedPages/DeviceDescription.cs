namespace Latchkey.Server.HostedPages;

/// <summary>
/// A short, human name for the browser behind a <c>User-Agent</c> ("Firefox on Windows"),
/// for the account page's list of sessions. Deliberately coarse: no versions (they change
/// with every update and tell the reader nothing), unknown agents say so.
/// </summary>
internal static class DeviceDescription
{
    public static string Describe(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return "Unknown device";
        }

        var browser = Browser(userAgent);
        var system = System(userAgent);
        return (browser, system) switch
        {
            (not null, not null) => browser + " on " + system,
            (not null, null) => browser,
            (null, not null) => "Browser on " + system,
            _ => "Unknown device",
        };
    }

    private static string? Browser(string ua)
    {
        // Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
        if (Has(ua, "Edg/") || Has(ua, "EdgA/") || Has(ua, "EdgiOS/"))
        {
            return "Edge";
        }

        if (Has(ua, "OPR/"))
        {
            return "Opera";
        }

        if (Has(ua, "Firefox/") || Has(ua, "FxiOS/"))
        {
            return "Firefox";
        }

        if (Has(ua, "Chrome/") || Has(ua, "CriOS/") || Has(ua, "Chromium/"))
        {
            return "Chrome";
        }

        if (Has(ua, "Safari/") && Has(ua, "Version/"))
        {
            return "Safari";
        }

        if (ua.StartsWith("curl/", StringComparison.OrdinalIgnoreCase))
        {
            return "curl";
        }

        return null;
    }

    private static string? System(string ua)
    {
        if (Has(ua, "iPhone"))
        {
            return "iPhone";
        }

        if (Has(ua, "iPad"))
        {
            return "iPad";
        }

        if (Has(ua, "Android"))
        {
            return "Android";
        }

        if (Has(ua, "Windows"))
        {
            return "Windows";
        }

        if (Has(ua, "Mac OS X") || Has(ua, "Macintosh"))
        {
            return "macOS";
        }

        if (Has(ua, "CrOS"))
        {
            return "ChromeOS";
        }

        return Has(ua, "Linux") ? "Linux" : null;
    }

    private static bool Has(string ua, string token) => ua.Contains(token, StringComparison.Ordinal);
}
