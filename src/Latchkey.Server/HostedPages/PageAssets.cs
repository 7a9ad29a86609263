using System.Security.Cryptography;
using Latchkey.Server.Crypto;

namespace Latchkey.Server.HostedPages;

/// <summary>
/// The hosted pages' static files (one stylesheet, one icon), embedded in the assembly and
/// served under names that carry a hash of their content (<c>/assets/latchkey.3f9c….css</c>),
/// so they can be cached for a year and a new release is fetched at once.
/// </summary>
internal sealed class PageAssets
{
    public const string PathPrefix = "/assets/";
    private const string CacheControl = "public, max-age=31536000, immutable";
    private readonly Dictionary<string, (byte[] Content, string ContentType)> _files = new(StringComparer.Ordinal);

    public PageAssets()
    {
        StylesheetPath = Add("latchkey.css", "latchkey", ".css", "text/css; charset=utf-8");
        IconPath = Add("favicon.svg", "icon", ".svg", "image/svg+xml");
    }

    /// <summary>The stylesheet's URL path, e.g. <c>/assets/latchkey.1a2b3c4d5e6f.css</c>.</summary>
    public string StylesheetPath { get; }

    /// <summary>The icon's URL path.</summary>
    public string IconPath { get; }

    public static RouteHandlerBuilder Map(IEndpointRouteBuilder app) =>
        app.MapGet(PathPrefix + "{name}", (string name, PageAssets assets, HttpContext http) =>
        {
            if (!assets._files.TryGetValue(name, out var file))
            {
                return Results.NotFound();
            }

            http.Response.Headers.CacheControl = CacheControl;
            // The icon is SVG: opened on its own it must not run anything.
            http.Response.Headers.ContentSecurityPolicy = "default-src 'none'";
            return Results.Bytes(file.Content, file.ContentType);
        });

    private string Add(string resource, string stem, string extension, string contentType)
    {
        using var stream = typeof(PageAssets).Assembly.GetManifestResourceStream("hosted-pages/" + resource)
            ?? throw new InvalidOperationException($"The embedded resource hosted-pages/{resource} is missing from the build.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var content = buffer.ToArray();
        // 12 base64url characters of SHA-256: 72 bits, plenty to tell releases apart.
        var name = $"{stem}.{SecureRandom.Base64Url(SHA256.HashData(content))[..12]}{extension}";
        _files[name] = (content, contentType);
        return PathPrefix + name;
    }
}
