using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latchkey.AspNetCore.Tests.Infrastructure;

/// <summary>
/// A small Backend API served by Kestrel on 127.0.0.1 for the endpoints the Latchkey server does
/// not offer yet (refresh, machine-token verification) and for fault injection (JWKS outages,
/// refused secret keys). Each endpoint's answer is set by the test.
/// </summary>
internal sealed class FakeBackendApi : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeBackendApi(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public ConcurrentQueue<(string Method, string Path, string? Authorization, string Body)> Requests { get; } = new();

    /// <summary>The JWKS answer: status and body.</summary>
    public Func<(int Status, string Body)> Jwks { get; set; } = () => (200, "{\"keys\":[]}");

    /// <summary>Directives per handshake nonce.</summary>
    public ConcurrentDictionary<string, string[]> Nonces { get; } = new();

    /// <summary>The refresh answer given the session id.</summary>
    public Func<string, (int Status, string Body)> Refresh { get; set; } = _ => (404, "{}");

    /// <summary>The token-mint answer given the session id and template.</summary>
    public Func<string, string?, (int Status, string Body)> MintToken { get; set; } = (_, _) => (404, "{}");

    /// <summary>Machine verification answers per endpoint ("m2m", "oauth", "api_key").</summary>
    public Func<string, JsonElement, (int Status, string Body)> VerifyMachine { get; set; } = (_, _) => (404, "{}");

    public int JwksCalls;

    public static async Task<FakeBackendApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        FakeBackendApi? self = null;
        app.Use(async (context, next) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            self!.Requests.Enqueue((context.Request.Method, context.Request.Path + context.Request.QueryString, context.Request.Headers.Authorization.ToString(), body));
            context.Items["body"] = body;
            await next();
        });
        app.MapGet("/v1/jwks", () => { Interlocked.Increment(ref self!.JwksCalls); return Answer(self!.Jwks()); });
        app.MapGet("/.well-known/jwks.json", () => { Interlocked.Increment(ref self!.JwksCalls); return Answer(self!.Jwks()); });
        app.MapGet("/v1/clients/handshake_payload", (string nonce) =>
            self!.Nonces.TryRemove(nonce, out var directives)
                ? Results.Json(new { directives })
                : Answer((404, "{\"errors\":[{\"code\":\"resource_not_found\",\"message\":\"not found\"}]}")));
        app.MapPost("/v1/sessions/{sid}/refresh", (string sid) => Answer(self!.Refresh(sid)));
        app.MapPost("/v1/sessions/{sid}/tokens", (string sid) => Answer(self!.MintToken(sid, null)));
        app.MapPost("/v1/sessions/{sid}/tokens/{template}", (string sid, string template) => Answer(self!.MintToken(sid, template)));
        app.MapPost("/m2m_tokens/verify", (HttpContext c) => Answer(self!.VerifyMachine("m2m", Body(c))));
        app.MapPost("/oauth_applications/access_tokens/verify", (HttpContext c) => Answer(self!.VerifyMachine("oauth", Body(c))));
        app.MapPost("/api_keys/verify", (HttpContext c) => Answer(self!.VerifyMachine("api_key", Body(c))));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new FakeBackendApi(app, address.TrimEnd('/'));
        return self;
    }

    private static JsonElement Body(HttpContext c) =>
        JsonSerializer.Deserialize<JsonElement>(c.Items["body"] as string is { Length: > 0 } s ? s : "{}");

    private static IResult Answer((int Status, string Body) answer) =>
        Results.Content(answer.Body, "application/json", statusCode: answer.Status);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
