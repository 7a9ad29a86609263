using Microsoft.Net.Http.Headers;

namespace Latchkey.Server.Scripts;

/// <summary>
/// <c>GET /npm/latchkey.js</c>: the browser SDK's script-tag build (<c>@latchkey/js</c>'s
/// <c>dist/latchkey.iife.js</c>), so a plain page can load it from the server it talks to:
/// <c>&lt;script src="http://127.0.0.1:5100/npm/latchkey.js" data-publishable-key="pk_…"&gt;</c>.
/// </summary>
/// <remarks>
/// The file is a build product of <c>sdk/js</c>, never committed and never made by
/// <c>dotnet build</c>: <c>npm run build</c> there copies it to the server's
/// <c>wwwroot/npm/latchkey.js</c> (as does <c>scripts/build-js.sh</c>, used by
/// <c>./run-demo.sh</c> and the browser tests), which <c>dotnet publish</c> carries along. It is read from the
/// web root (<c>&lt;content root&gt;/wwwroot</c>: the project folder under <c>dotnet run</c>, the
/// working directory otherwise, or <c>--webroot</c>) at every request, so a rebuilt bundle is
/// served without a restart. Conditional requests are answered from the file's time and size
/// (<c>ETag</c>, <c>Last-Modified</c>, 304).
/// </remarks>
internal static class ScriptBundleEndpoints
{
    /// <summary>The path the bundle is served at, and its location under a web root.</summary>
    public const string RequestPath = "/npm/latchkey.js";

    private const string RelativePath = "npm/latchkey.js";

    public static IEndpointRouteBuilder MapScriptBundle(this IEndpointRouteBuilder app)
    {
        var environment = app.ServiceProvider.GetRequiredService<IWebHostEnvironment>();
        app.MapMethods(RequestPath, [HttpMethods.Get, HttpMethods.Head], (HttpContext http) =>
        {
            var file = environment.WebRootFileProvider.GetFileInfo(RelativePath);
            if (!file.Exists || file.IsDirectory)
            {
                return Results.Problem(
                    statusCode: StatusCodes.Status404NotFound,
                    title: "The script-tag build is not installed",
                    detail: "Build the browser SDK, which copies it here: scripts/build-js.sh (./run-demo.sh does this), or npm run build in sdk/js.",
                    extensions: new Dictionary<string, object?> { ["code"] = "script_bundle_missing" });
            }

            // Scripts are loaded cross-origin by pages on other ports: allow reading for module/CORS loads too.
            http.Response.Headers.AccessControlAllowOrigin = "*";
            // Revalidate every time (cheap 304): a rebuilt SDK reaches pages at once.
            http.Response.Headers.CacheControl = "no-cache";
            var modified = file.LastModified;
            var etag = new EntityTagHeaderValue($"\"{modified.ToUnixTimeMilliseconds():x}-{file.Length:x}\"");
            return Results.File(file.CreateReadStream(), "text/javascript; charset=utf-8", lastModified: modified, entityTag: etag);
        });
        return app;
    }
}
