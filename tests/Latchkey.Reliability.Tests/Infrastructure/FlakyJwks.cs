using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latchkey.Reliability.Tests.Infrastructure;

/// <summary>How the <see cref="FlakyJwks"/> endpoint answers.</summary>
public enum JwksFault
{
    None,
    Status500,
    HtmlPage,
    JsonNotAKeySet,
    JsonArray,
    EmptyKeySet,
    Hang,
}

/// <summary>
/// A JWKS endpoint in front of the real server's keys (<c>GET /v1/jwks</c>, what the package
/// asks with a secret key) whose answer a test switches: the real key set, a 500, an HTML page,
/// JSON that is no key set, or no answer at all (the request hangs until the client gives up).
/// </summary>
public sealed class FlakyJwks : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FlakyJwks(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public JwksFault Fault { get; set; }

    /// <summary>Requests received.</summary>
    public int Requests;

    public static async Task<FlakyJwks> StartAsync(string realKeySet)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        FlakyJwks? self = null;
        app.MapGet("/v1/jwks", async (HttpContext http) =>
        {
            Interlocked.Increment(ref self!.Requests);
            switch (self.Fault)
            {
                case JwksFault.Status500:
                    http.Response.StatusCode = 500;
                    await http.Response.WriteAsync("{\"errors\":[{\"code\":\"internal_clerk_error\",\"message\":\"boom\"}]}");
                    break;
                case JwksFault.HtmlPage:
                    http.Response.ContentType = "text/html";
                    await http.Response.WriteAsync("<html><body>Bad gateway</body></html>");
                    break;
                case JwksFault.JsonNotAKeySet:
                    http.Response.ContentType = "application/json";
                    await http.Response.WriteAsync("{\"keys\":42}");
                    break;
                case JwksFault.JsonArray:
                    http.Response.ContentType = "application/json";
                    await http.Response.WriteAsync("[1,2,3]");
                    break;
                case JwksFault.EmptyKeySet:
                    http.Response.ContentType = "application/json";
                    await http.Response.WriteAsync("{\"keys\":[]}");
                    break;
                case JwksFault.Hang:
                    await Task.Delay(TimeSpan.FromSeconds(60), http.RequestAborted);
                    break;
                default:
                    http.Response.ContentType = "application/json";
                    await http.Response.WriteAsync(realKeySet);
                    break;
            }
        });
        await app.StartAsync();
        self = new FlakyJwks(app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
