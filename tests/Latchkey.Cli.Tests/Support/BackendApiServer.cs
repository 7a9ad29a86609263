using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latchkey.Cli.Tests.Support;

/// <summary>
/// A Backend API on Kestrel (127.0.0.1, a free port) for the cases of <c>request explain</c> that
/// need one: <c>GET /v1/jwks</c> (the test JWKS, for the secret key <see cref="SecretKey"/> only),
/// <c>GET /v1/clients/handshake_payload?nonce=</c> (directives set by the test, each nonce used
/// once), and <c>/moved/v1/jwks</c>, which redirects. Every request is recorded.
/// </summary>
public sealed class BackendApiServer : IAsyncLifetime
{
    public const string SecretKey = "sk_test_explain_tests";

    private WebApplication? _app;

    public string Url { get; private set; } = "";

    public ConcurrentQueue<(string PathAndQuery, string Authorization)> Requests { get; } = new();

    public ConcurrentDictionary<string, string[]> Nonces { get; } = new();

    public int Count(string path) => Requests.Count(r => r.PathAndQuery.StartsWith(path, StringComparison.Ordinal));

    public async Task InitializeAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        app.Use(async (context, next) =>
        {
            Requests.Enqueue((context.Request.Path + context.Request.QueryString, context.Request.Headers.Authorization.ToString()));
            await next();
        });
        app.MapGet("/v1/jwks", (HttpContext context) => context.Request.Headers.Authorization == "Bearer " + SecretKey
            ? Results.Text(KeyFiles.JwksJson, "application/json")
            : Results.Text("{\"errors\":[{\"code\":\"authentication_invalid\",\"message\":\"Invalid secret key\"}]}", "application/json", statusCode: 401));
        app.MapGet("/v1/clients/handshake_payload", (string nonce) => Nonces.TryRemove(nonce, out string[]? directives)
            ? Results.Json(new { directives })
            : Results.Text("{\"errors\":[{\"code\":\"resource_not_found\",\"message\":\"not found\"}]}", "application/json", statusCode: 404));
        app.MapGet("/moved/v1/jwks", () => Results.Redirect("https://elsewhere.example/v1/jwks"));
        await app.StartAsync();
        _app = app;
        Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
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
