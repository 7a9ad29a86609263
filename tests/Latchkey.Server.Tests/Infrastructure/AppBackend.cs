using System.Security.Cryptography;
using System.Text.Json;
using Latchkey.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latchkey.Server.Tests.Infrastructure;

/// <summary>
/// An app backend on a free 127.0.0.1 port, protected by Latchkey.AspNetCore and configured like
/// the demo app against a running <see cref="LatchkeyTestServer"/>: development keys from the key
/// file, the server's public key as PEM (networkless). <c>GET /dashboard</c> requires a signed-in
/// user and answers its id. An optional <see cref="TimeProvider"/> stands for the app machine's clock.
/// </summary>
internal sealed class AppBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AppBackend(WebApplication app, string origin)
    {
        _app = app;
        Origin = origin;
    }

    public string Origin { get; }

    public static async Task<AppBackend> StartAsync(LatchkeyTestServer server, TimeProvider? clock = null, Action<LatchkeyAuthenticationOptions>? configure = null, int? port = null)
    {
        port ??= TestSmtpServer.FreePort();
        var origin = $"http://127.0.0.1:{port}";
        var pem = await PublicKeyPemAsync(server);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(origin);
        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }

        builder.Services.AddAuthentication().AddLatchkey(o =>
        {
            o.PublishableKey = KeyFile.PublishableKey(server);
            o.SecretKey = KeyFile.SecretKey(server);
            o.FrontendApiUrl = server.Origin;
            o.JwtKey = pem;
            o.AuthorizedParties = [origin];
            configure?.Invoke(o);
        });
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/dashboard", (HttpContext c) => Results.Text(c.GetLatchkeyAuth().UserId ?? "signed-out")).RequireAuthorization();
        await app.StartAsync();
        return new AppBackend(app, origin);
    }

    /// <summary>The server's current public key as SPKI PEM, read from its JWKS.</summary>
    public static async Task<string> PublicKeyPemAsync(LatchkeyTestServer server)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var jwks = JsonDocument.Parse(await http.GetStringAsync(".well-known/jwks.json"));
        var key = jwks.RootElement.GetProperty("keys")[0];
        using var rsa = RSA.Create();
        rsa.ImportParameters(new RSAParameters
        {
            Modulus = System.Buffers.Text.Base64Url.DecodeFromChars(key.GetProperty("n").GetString()!),
            Exponent = System.Buffers.Text.Base64Url.DecodeFromChars(key.GetProperty("e").GetString()!),
        });
        return rsa.ExportSubjectPublicKeyInfoPem();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
