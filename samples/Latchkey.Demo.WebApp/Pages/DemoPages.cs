using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Latchkey.Demo;
using Microsoft.Extensions.FileProviders;

namespace Latchkey.Demo.WebApp;

/// <summary>
/// The demo's two pages: <c>/</c>, the React app built by Vite into <c>ClientApp/dist</c> with
/// the instance's settings written into it, and <c>/plain</c>, a page without a bundler that
/// loads the SDK with a script tag from the Latchkey server and uses the global
/// <c>window.Latchkey</c>.
/// </summary>
internal sealed class DemoPages
{
    private const string ConfigPlaceholder = "<!-- demo-config -->";
    private readonly string _dist;
    private readonly string _configJson;
    private readonly string _plainHtml;

    public DemoPages(DemoInstance instance, IConfiguration configuration, IHostEnvironment environment)
    {
        // The React build (./run-demo.sh and the browser tests build it; `npm run build` in ClientApp).
        _dist = Path.GetFullPath(configuration["Demo:ClientAppDist"] ?? "ClientApp/dist", environment.ContentRootPath);
        // The cross-origin API the page calls with Bearer tokens (default http://127.0.0.1:5300).
        var apiUrl = DemoHost.Origin(configuration["Demo:ApiUrl"] ?? "http://127.0.0.1:5300");
        var settings = new PageSettings(instance.PublishableKey, instance.FrontendApiUrl, apiUrl);
        // The default encoder escapes <, > and &, so the JSON cannot close the script element.
        _configJson = JsonSerializer.Serialize(settings, PageSettings.Json);
        _plainHtml = RenderPlain(settings);
    }

    /// <summary>Serves the Vite build's <c>/assets</c> (hashed names: cached for good).</summary>
    public StaticFileOptions AssetFiles()
    {
        var assets = Path.Combine(_dist, "assets");
        return new StaticFileOptions
        {
            RequestPath = "/assets",
            FileProvider = Directory.Exists(assets) ? new PhysicalFileProvider(assets) : new NullFileProvider(),
            OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "public, max-age=31536000, immutable",
        };
    }

    /// <summary><c>GET /</c>: the React page with the instance settings in <c>#demo-config</c>.</summary>
    public IResult Index(HttpContext context)
    {
        var path = Path.Combine(_dist, "index.html");
        if (!File.Exists(path))
        {
            return Results.Content(
                "<!doctype html><meta charset=\"utf-8\"><title>Latchkey demo</title><p>The React page is not built: run <code>./run-demo.sh</code> (or <code>npm ci &amp;&amp; npm run build</code> in samples/Latchkey.Demo.WebApp/ClientApp).</p>",
                "text/html; charset=utf-8",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var html = File.ReadAllText(path);
        var config = $"<script id=\"demo-config\" type=\"application/json\">{_configJson}</script>";
        NoStore(context);
        return Results.Content(html.Replace(ConfigPlaceholder, config, StringComparison.Ordinal), "text/html; charset=utf-8");
    }

    /// <summary><c>GET /plain</c>: the script-tag page.</summary>
    public IResult Plain(HttpContext context)
    {
        NoStore(context);
        return Results.Content(_plainHtml, "text/html; charset=utf-8");
    }

    // Pages depend on the cookies of the moment (the handshake may answer instead): never cached.
    private static void NoStore(HttpContext context) => context.Response.Headers.CacheControl = "no-store";

    private static string RenderPlain(PageSettings settings)
    {
        using var stream = typeof(DemoPages).Assembly.GetManifestResourceStream("Latchkey.Demo.WebApp.Pages.plain.html")
            ?? throw new InvalidOperationException("The plain page template is missing from the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var encode = HtmlEncoder.Default;
        return reader.ReadToEnd()
            .Replace("{{PUBLISHABLE_KEY}}", encode.Encode(settings.PublishableKey), StringComparison.Ordinal)
            .Replace("{{FRONTEND_API_URL}}", encode.Encode(settings.FrontendApiUrl), StringComparison.Ordinal)
            .Replace("{{API_URL}}", encode.Encode(settings.ApiUrl), StringComparison.Ordinal);
    }

    /// <summary>What the pages need to know: the instance and where the cross-origin API is.</summary>
    private sealed record PageSettings(string PublishableKey, string FrontendApiUrl, string ApiUrl)
    {
        public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    }
}
