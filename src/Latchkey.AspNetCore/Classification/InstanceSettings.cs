namespace Latchkey.AspNetCore.Classification;

/// <summary>
/// One scheme's options, resolved once: the decoded publishable key, the URLs (Frontend API,
/// Backend API, proxy), the cookie suffix, and the compiled organization patterns. Built from
/// validated options; the classifier never re-reads the raw options.
/// </summary>
internal sealed class InstanceSettings
{
    public required string PublishableKey { get; init; }

    /// <summary>The host decoded from the publishable key ("originalFrontendApi" in §1.2).</summary>
    public required string FrontendApiHost { get; init; }

    /// <summary>
    /// An <c>iss</c> string last found to name <see cref="FrontendApiHost"/> (protocol.md §2.5 rule
    /// 2), recognised again by reference: a known token's peek, and so its <c>iss</c> string, is
    /// shared by all its requests. Null until one matches; a stale read only means comparing again.
    /// </summary>
    public string? MatchedIssuerText { get; set; }

    public required bool IsProduction { get; init; }

    public required string CookieSuffix { get; init; }

    /// <summary>The Frontend API URL without a trailing slash; also the expected <c>iss</c>.</summary>
    public required string FrontendApiUrl { get; init; }

    public required Uri ApiUrl { get; init; }

    public string? SecretKey { get; init; }

    public string? MachineSecretKey { get; init; }

    public string? ProxyUrl { get; init; }

    public string? Domain { get; init; }

    public bool IsSatellite { get; init; }

    public string? SignInUrl { get; init; }

    public bool SatelliteAutoSync { get; init; }

    public LatchkeyTokenTypes AcceptsToken { get; init; } = LatchkeyTokenTypes.SessionToken;

    public required OrganizationMatcher OrganizationMatcher { get; init; }

    /// <summary>Normalised extra redirect origins (<c>scheme://host[:port]</c>, lower-case).</summary>
    public required IReadOnlySet<string> AllowedRedirectOrigins { get; init; }

    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(5);

    public bool IsDevelopment => !IsProduction;

    /// <summary>Whether only header values are read (the acceptsToken is exactly api_key or m2m_token, §5.2).</summary>
    public bool HeaderOnly => AcceptsToken is LatchkeyTokenTypes.ApiKey or LatchkeyTokenTypes.M2MToken;

    /// <summary>The cookie names the classifier reads, suffixed with <see cref="CookieSuffix"/> where the protocol suffixes them.</summary>
    public CookieNames Cookies => _cookies ??= new CookieNames(CookieSuffix);

    private CookieNames? _cookies;

    /// <summary>
    /// The Frontend API base used for handshake redirects (§1.2): the proxy URL (a relative one
    /// resolved against the request's origin), else <c>https://clerk.&lt;domain&gt;</c> for a
    /// production satellite, else the Frontend API URL.
    /// </summary>
    public string HandshakeBase(string requestOrigin)
    {
        if (!string.IsNullOrEmpty(ProxyUrl))
        {
            return ProxyUrl.StartsWith('/') ? requestOrigin + ProxyUrl : ProxyUrl;
        }

        if (IsProduction && IsSatellite && !string.IsNullOrEmpty(Domain))
        {
            return "https://clerk." + Domain;
        }

        return FrontendApiUrl;
    }

    /// <summary>Normalises an absolute http(s) URL to its origin (<c>scheme://host[:port]</c>, default port omitted), or null.</summary>
    public static string? OriginOf(string? url)
    {
        if (string.IsNullOrEmpty(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }

        return OriginOf(uri);
    }

    /// <summary>Normalises a URI to its origin, or null when it is not http(s).</summary>
    public static string? OriginOf(Uri uri)
    {
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            return null;
        }

        return uri.IsDefaultPort
            ? $"{uri.Scheme}://{uri.IdnHost}"
            : $"{uri.Scheme}://{uri.IdnHost}:{uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    /// <summary>
    /// Whether a redirect built from request input may go to <paramref name="target"/>: the request's
    /// own origin, a configured origin, or (development only) any <c>http://127.0.0.1:&lt;port&gt;</c>.
    /// </summary>
    public bool IsAllowedRedirect(Uri target, string requestOrigin)
    {
        var origin = OriginOf(target);
        if (origin is null)
        {
            return false;
        }

        if (string.Equals(origin, requestOrigin, StringComparison.OrdinalIgnoreCase) || AllowedRedirectOrigins.Contains(origin))
        {
            return true;
        }

        return IsDevelopment && target.Scheme == Uri.UriSchemeHttp && target.Host == "127.0.0.1";
    }
}
