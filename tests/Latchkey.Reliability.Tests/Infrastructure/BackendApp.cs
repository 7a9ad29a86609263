using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Latchkey.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latchkey.Reliability.Tests.Infrastructure;

/// <summary>What an app backend answered to a bearer request on its protected endpoint.</summary>
public sealed record AppAnswer(HttpStatusCode Status, string? Reason, TimeSpan Took);

/// <summary>
/// An app backend using Latchkey.AspNetCore in networked mode (no PEM key: keys come from the
/// JWKS over HTTP and are cached), on Kestrel at a free 127.0.0.1 port, with one protected
/// endpoint. Each instance has its own key cache (its own service provider).
/// </summary>
public sealed class BackendApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _http;

    private BackendApp(WebApplication app, string url)
    {
        _app = app;
        _http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
    }

    public static async Task<BackendApp> StartAsync(string publishableKey, string frontendApiUrl, string? secretKey, Action<LatchkeyAuthenticationOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Services.AddAuthentication().AddLatchkey(o =>
        {
            o.PublishableKey = publishableKey;
            o.SecretKey = secretKey;
            o.FrontendApiUrl = frontendApiUrl;
            o.ClockSkew = TimeSpan.FromSeconds(1);
            o.JwksRefreshCooldown = TimeSpan.FromSeconds(2);
            configure?.Invoke(o);
        });
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/api/me", (HttpContext c) => c.GetLatchkeyAuth().SessionId).RequireAuthorization();
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BackendApp(app, url);
    }

    /// <summary>GET /api/me with the token as a bearer; the reason comes from <c>WWW-Authenticate</c> on a 401.</summary>
    public async Task<AppAnswer> GetAsync(string token)
    {
        var watch = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await _http.SendAsync(request);
        string? reason = null;
        foreach (var challenge in response.Headers.WwwAuthenticate)
        {
            var parameter = challenge.Parameter ?? string.Empty;
            var at = parameter.IndexOf("error_description=\"", StringComparison.Ordinal);
            if (at >= 0)
            {
                var start = at + "error_description=\"".Length;
                reason = parameter[start..parameter.IndexOf('"', start)];
            }
        }

        return new AppAnswer(response.StatusCode, reason, watch.Elapsed);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
