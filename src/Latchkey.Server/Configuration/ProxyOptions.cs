namespace Latchkey.Server.Configuration;

/// <summary>
/// A reverse proxy in front of the server (configuration section <c>Latchkey:Proxy</c>). The
/// server believes <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> only from the proxies
/// listed here (ASP.NET Core's forwarded-headers middleware); with none listed it believes no
/// forwarded header, so a client that reaches the server directly cannot pick its own address
/// for the per-IP rate limits. The public URL never comes from a header: it is
/// <see cref="LatchkeyServerOptions.FrontendApiUrl"/>. See docs/server.md, "Behind a reverse proxy".
/// </summary>
public sealed class ProxyOptions
{
    /// <summary>Addresses of the proxies whose forwarded headers are believed, e.g. <c>10.0.0.5</c> or <c>::1</c>. Default: none.</summary>
    public IList<string> KnownProxies { get; set; } = [];

    /// <summary>Networks (CIDR) whose proxies are believed, e.g. <c>10.0.0.0/8</c>. Default: none.</summary>
    public IList<string> KnownNetworks { get; set; } = [];

    /// <summary>How many proxies (entries of <c>X-Forwarded-For</c>, from the right) are unwrapped. Default: 1; 1 to 10.</summary>
    public int ForwardLimit { get; set; } = 1;

    /// <summary>Whether any proxy is configured, so the forwarded-headers middleware runs.</summary>
    internal bool Enabled => KnownProxies.Count > 0 || KnownNetworks.Count > 0;
}
