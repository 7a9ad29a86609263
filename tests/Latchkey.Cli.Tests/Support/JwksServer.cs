using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latchkey.Cli.Tests.Support;

/// <summary>
/// A real Kestrel server on 127.0.0.1 (a free port) for the JWKS-over-HTTP tests:
/// <c>/jwks</c> serves the test JWKS, <c>/missing</c> answers 404, <c>/html</c> an HTML page,
/// <c>/slow</c> never answers within a test's time-out, <c>/redirect</c> redirects to <c>/jwks</c>,
/// <c>/huge</c> streams more than the JWKS limit.
/// </summary>
public sealed class JwksServer : IAsyncLifetime
{
    private WebApplication? _app;

    public string BaseUrl { get; private set; } = "";

    public int JwksRequests;

    public async Task InitializeAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        app.MapGet("/jwks", (HttpContext context) =>
        {
            Interlocked.Increment(ref JwksRequests);
            return Results.Text(KeyFiles.JwksJson, "application/json");
        });
        app.MapGet("/missing", () => Results.NotFound());
        app.MapGet("/html", () => Results.Text("<html><body>Sign in</body></html>", "text/html"));
        app.MapGet("/redirect", () => Results.Redirect("/jwks"));
        app.MapGet("/slow", async (CancellationToken cancellationToken) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
            return Results.Text(KeyFiles.JwksJson, "application/json");
        });
        app.MapGet("/huge", async (HttpContext context) =>
        {
            context.Response.ContentType = "application/json";
            byte[] chunk = new byte[64 * 1024];
            chunk.AsSpan().Fill((byte)' ');
            await context.Response.Body.WriteAsync("{\"keys\":["u8.ToArray());
            for (int i = 0; i < 8; i++)
            {
                await context.Response.Body.WriteAsync(chunk);
            }
        });
        await app.StartAsync();
        _app = app;
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _app.StopAsync(stop.Token);
            await _app.DisposeAsync();
        }
    }
}
