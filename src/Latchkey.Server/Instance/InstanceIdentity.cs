using Latchkey.Server.Configuration;
using Latchkey.Server.FrontendApi.Http;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Instance;

/// <summary>
/// What identifies this instance on the wire: its publishable key (which encodes the
/// Frontend API host), the cookie suffix derived from it, its origin and type.
/// </summary>
internal sealed class InstanceIdentity
{
    public InstanceIdentity(IOptions<LatchkeyServerOptions> options, OriginPolicy origins)
    {
        var settings = options.Value;
        IsDevelopment = settings.IsDevelopmentInstance;
        var uri = new Uri(settings.FrontendApiUrl);
        FrontendApiHost = uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port}";
        FrontendApiUrl = origins.InstanceOrigin;
        TokensInstanceType = IsDevelopment ? Latchkey.Tokens.InstanceType.Development : Latchkey.Tokens.InstanceType.Production;
        PublishableKey = Latchkey.Tokens.PublishableKey.Create(FrontendApiHost, TokensInstanceType).Value;
        CookieSuffix = Latchkey.Tokens.PublishableKey.ComputeCookieSuffix(PublishableKey);
        CookieDomain = string.IsNullOrWhiteSpace(settings.CookieDomain) ? null : settings.CookieDomain.Trim().TrimStart('.');
        SecureCookies = !IsDevelopment || uri.Scheme == Uri.UriSchemeHttps;
    }

    public bool IsDevelopment { get; }

    /// <summary>The instance type as the token core names it.</summary>
    public Latchkey.Tokens.InstanceType TokensInstanceType { get; }

    /// <summary>Host and port as encoded in the publishable key, e.g. <c>127.0.0.1:5100</c>.</summary>
    public string FrontendApiHost { get; }

    /// <summary>The issuer: scheme, host, port; no trailing slash.</summary>
    public string FrontendApiUrl { get; }

    public string PublishableKey { get; }

    public string CookieSuffix { get; }

    /// <summary>Domain attribute for <c>__client_uat</c> and handshake cookies; null for host-only.</summary>
    public string? CookieDomain { get; }

    /// <summary>Whether cookies the server sets carry <c>Secure</c> (production, or any https instance).</summary>
    public bool SecureCookies { get; }

    public string Suffixed(string cookieName) => cookieName + "_" + CookieSuffix;
}
