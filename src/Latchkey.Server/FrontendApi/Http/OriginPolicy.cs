using System.Net;
using Latchkey.Server.Configuration;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.FrontendApi.Http;

/// <summary>
/// Decides which origins are authorized parties: the instance's own origin, the configured
/// <see cref="LatchkeyServerOptions.AllowedOrigins"/>, and on development instances any
/// <c>http://127.0.0.1:&lt;port&gt;</c> (design.md, local topology). Used for CORS, the
/// CSRF check, <c>azp</c> and handshake redirects.
/// </summary>
internal sealed class OriginPolicy
{
    private readonly HashSet<string> _allowed = new(StringComparer.Ordinal);
    private readonly bool _development;

    public OriginPolicy(IOptions<LatchkeyServerOptions> options)
    {
        var settings = options.Value;
        _development = settings.IsDevelopmentInstance;
        if (OriginText.TryNormalize(settings.FrontendApiUrl, out var own))
        {
            InstanceOrigin = own;
            _allowed.Add(own);
        }
        else
        {
            InstanceOrigin = settings.FrontendApiUrl.TrimEnd('/');
        }

        foreach (var origin in settings.AllowedOrigins)
        {
            if (OriginText.TryNormalize(origin, out var normalized))
            {
                _allowed.Add(normalized);
            }
        }
    }

    /// <summary>The server's own origin, e.g. <c>http://127.0.0.1:5100</c>.</summary>
    public string InstanceOrigin { get; }

    /// <summary>Whether <paramref name="origin"/> (an <c>Origin</c> header value) is allowed; the exact serialisation is required.</summary>
    public bool IsAllowed(string? origin)
    {
        if (string.IsNullOrEmpty(origin) || !OriginText.TryNormalize(origin, out var normalized) || !string.Equals(normalized, origin, StringComparison.Ordinal))
        {
            return false;
        }

        return _allowed.Contains(normalized) || (_development && IsLoopbackHttp(normalized));
    }

    /// <summary>Whether an absolute URL's origin is allowed.</summary>
    public bool IsAllowed(Uri url) => IsAllowed(OriginText.FromUri(url));

    private static bool IsLoopbackHttp(string origin)
    {
        var uri = new Uri(origin);
        return uri.Scheme == Uri.UriSchemeHttp && IPAddress.TryParse(uri.Host, out var address) && address.Equals(IPAddress.Loopback);
    }
}
