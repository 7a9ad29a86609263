using Latchkey.AspNetCore.Classification;
using Latchkey.AspNetCore.Tokens;

namespace Latchkey.AspNetCore.Options;

/// <summary>
/// Checks options and resolves them into <see cref="InstanceSettings"/>. Every problem is
/// reported with the option's name and how to fix it; start-up validation and the classifier use
/// the same code, so what starts is what runs.
/// </summary>
internal static class InstanceSettingsBuilder
{
    public static InstanceSettings? TryBuild(LatchkeyAuthenticationOptions o, List<string> errors)
    {
        var accepts = o.AcceptsToken;
        var headerOnly = accepts is LatchkeyTokenTypes.ApiKey or LatchkeyTokenTypes.M2MToken;

        string host = string.Empty;
        var production = false;
        if (!headerOnly || !string.IsNullOrEmpty(o.PublishableKey))
        {
            if (string.IsNullOrEmpty(o.PublishableKey))
            {
                errors.Add("Latchkey:PublishableKey is missing. Set it to the instance's publishable key (pk_test_... or pk_live_...).");
            }
            else if (!KeyFormats.TryParsePublishableKey(o.PublishableKey, out host, out production))
            {
                errors.Add("Latchkey:PublishableKey is not a valid publishable key: expected pk_test_ or pk_live_ followed by base64 of \"<frontend api host>$\" (copy it from the server's key file).");
            }
        }

        if (accepts != LatchkeyTokenTypes.M2MToken && string.IsNullOrEmpty(o.SecretKey))
        {
            errors.Add("Latchkey:SecretKey is missing. Set it to the instance's secret key (sk_test_... or sk_live_...); keep it out of source control (user secrets or an environment variable Latchkey__SecretKey).");
        }

        if (accepts == LatchkeyTokenTypes.M2MToken && string.IsNullOrEmpty(o.SecretKey) && string.IsNullOrEmpty(o.MachineSecretKey))
        {
            errors.Add("Latchkey:MachineSecretKey or Latchkey:SecretKey is required to verify M2M tokens.");
        }

        if (!string.IsNullOrEmpty(o.JwtKey) && !o.JwtKey.Contains("-----BEGIN PUBLIC KEY-----", StringComparison.Ordinal))
        {
            errors.Add("Latchkey:JwtKey must be an SPKI PEM public key (-----BEGIN PUBLIC KEY----- ...).");
        }

        var frontendApiUrl = string.IsNullOrEmpty(o.FrontendApiUrl) ? (host.Length > 0 ? "https://" + host : null) : o.FrontendApiUrl;
        Uri? frontendUri = null;
        if (frontendApiUrl is not null && !TryHttpUrl(frontendApiUrl, out frontendUri))
        {
            errors.Add($"Latchkey:FrontendApiUrl \"{frontendApiUrl}\" is not an absolute http(s) URL, e.g. http://127.0.0.1:5100.");
        }

        Uri? apiUri = null;
        if (!string.IsNullOrEmpty(o.ApiUrl))
        {
            if (!TryHttpUrl(o.ApiUrl, out apiUri))
            {
                errors.Add($"Latchkey:ApiUrl \"{o.ApiUrl}\" is not an absolute http(s) URL.");
            }
        }
        else if (frontendUri is not null)
        {
            apiUri = new Uri(frontendUri.GetLeftPart(UriPartial.Authority));
        }

        if (!string.IsNullOrEmpty(o.ProxyUrl) && !o.ProxyUrl.StartsWith('/') && !TryHttpUrl(o.ProxyUrl, out _))
        {
            errors.Add($"Latchkey:ProxyUrl \"{o.ProxyUrl}\" must be an absolute http(s) URL or a path starting with '/', e.g. /__clerk.");
        }

        if (!string.IsNullOrEmpty(o.SignInUrl) && !TryHttpUrl(o.SignInUrl, out _))
        {
            errors.Add($"Latchkey:SignInUrl \"{o.SignInUrl}\" must be an absolute http(s) URL.");
        }

        if (o.IsSatellite)
        {
            if (!production && string.IsNullOrEmpty(o.SignInUrl))
            {
                errors.Add("Latchkey:SignInUrl is required for a development satellite: set it to the primary app's absolute sign-in URL.");
            }

            if (string.IsNullOrEmpty(o.ProxyUrl) && string.IsNullOrEmpty(o.Domain))
            {
                errors.Add("A satellite needs Latchkey:Domain or Latchkey:ProxyUrl.");
            }
        }

        if (o.ClockSkew < TimeSpan.Zero || o.ClockSkew > TimeSpan.FromMinutes(5))
        {
            errors.Add($"Latchkey:ClockSkew {o.ClockSkew} is out of range: use 00:00:00 to 00:05:00 (default 00:00:05).");
        }

        if (o.JwksCacheDuration <= TimeSpan.Zero || o.JwksRefreshCooldown < TimeSpan.Zero || o.JwksFetchAttempts is < 1 or > 10
            || o.JwksRetryDelay < TimeSpan.Zero || o.BackendApiTimeout <= TimeSpan.Zero)
        {
            errors.Add("Latchkey JWKS settings are out of range: JwksCacheDuration and BackendApiTimeout must be positive, JwksFetchAttempts 1 to 10, delays not negative.");
        }

        ValidateRevocation(o.Revocation, errors);

        var origins = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var origin in o.AllowedRedirectOrigins)
        {
            if (InstanceSettings.OriginOf(origin) is { } normalized && normalized.Equals(origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
            {
                origins.Add(normalized);
            }
            else
            {
                errors.Add($"Latchkey:AllowedRedirectOrigins entry \"{origin}\" is not an origin (scheme://host[:port] with no path).");
            }
        }

        OrganizationMatcher? matcher = null;
        try
        {
            matcher = new OrganizationMatcher(o.OrganizationSync);
        }
        catch (ArgumentException ex)
        {
            errors.Add("Latchkey:OrganizationSync: " + ex.Message);
        }

        if (errors.Count > 0)
        {
            return null;
        }

        return new InstanceSettings
        {
            PublishableKey = o.PublishableKey ?? string.Empty,
            FrontendApiHost = host,
            IsProduction = production,
            CookieSuffix = string.IsNullOrEmpty(o.PublishableKey) ? string.Empty : KeyFormats.CookieSuffix(o.PublishableKey),
            FrontendApiUrl = frontendApiUrl?.TrimEnd('/') ?? string.Empty,
            ApiUrl = apiUri ?? new Uri("http://127.0.0.1/"),
            SecretKey = o.SecretKey,
            MachineSecretKey = o.MachineSecretKey,
            ProxyUrl = string.IsNullOrEmpty(o.ProxyUrl) ? null : o.ProxyUrl,
            Domain = string.IsNullOrEmpty(o.Domain) ? null : o.Domain,
            IsSatellite = o.IsSatellite,
            SignInUrl = string.IsNullOrEmpty(o.SignInUrl) ? null : o.SignInUrl,
            SatelliteAutoSync = o.SatelliteAutoSync,
            AcceptsToken = accepts,
            OrganizationMatcher = matcher!,
            AllowedRedirectOrigins = origins,
            ClockSkew = o.ClockSkew,
        };
    }

    private static void ValidateRevocation(LatchkeyRevocationOptions? r, List<string> errors)
    {
        if (r is null)
        {
            errors.Add("Latchkey:Revocation is null; leave it at its default or set its properties.");
            return;
        }

        if (r.CatchUpInterval < TimeSpan.FromSeconds(1) || r.CatchUpInterval > TimeSpan.FromMinutes(10))
        {
            errors.Add($"Latchkey:Revocation:CatchUpInterval {r.CatchUpInterval} is out of range: use 00:00:01 to 00:10:00 (default 00:00:30).");
        }

        if (r.ReconnectDelay < TimeSpan.FromMilliseconds(10) || r.ReconnectDelay > TimeSpan.FromMinutes(1)
            || r.MaxReconnectDelay < r.ReconnectDelay || r.MaxReconnectDelay > TimeSpan.FromMinutes(10))
        {
            errors.Add($"Latchkey:Revocation:ReconnectDelay/MaxReconnectDelay {r.ReconnectDelay}/{r.MaxReconnectDelay} are out of range: the first 00:00:00.010 to 00:01:00 (default 00:00:01), the second from the first to 00:10:00 (default 00:00:30).");
        }

        if (r.StreamIdleTimeout < TimeSpan.FromSeconds(1) || r.StreamIdleTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add($"Latchkey:Revocation:StreamIdleTimeout {r.StreamIdleTimeout} is out of range: use 00:00:01 to 00:10:00 (default 00:00:45; keep it above the server's heartbeat interval).");
        }

        if (r.MaxEntries is < 100 or > 10_000_000)
        {
            errors.Add($"Latchkey:Revocation:MaxEntries {r.MaxEntries} is out of range: use 100 to 10000000 (default 100000).");
        }
    }

    private static bool TryHttpUrl(string value, out Uri uri) =>
        Uri.TryCreate(value, UriKind.Absolute, out uri!) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
