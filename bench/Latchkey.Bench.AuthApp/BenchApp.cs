using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using Latchkey.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Latchkey.Bench.AuthApp;

/// <summary>
/// Builds the benchmark app for one mode: Kestrel on 127.0.0.1 (HTTP/1.1), logging off,
/// Production environment (so Latchkey's debug headers are off, as in production), and one
/// endpoint <c>GET /</c> that answers the signed-in user id as text (or <c>ok</c> when open).
/// Every mode shares the pipeline; only the authentication scheme differs.
/// </summary>
internal static class BenchApp
{
    public const string Path = "/";

    public static WebApplication Build(BenchMode mode, BenchMaterial material, int port)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.Protocols = HttpProtocols.Http1));

        AddModeServices(builder.Services, mode, material);

        var app = builder.Build();
        if (mode == BenchMode.Open)
        {
            app.MapGet(Path, () => "ok");
            return app;
        }

        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet(Path, (HttpContext c) => c.User.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "ok").RequireAuthorization();
        return app;
    }

    /// <summary>The authentication (and authorization) services of a mode; none for <see cref="BenchMode.Open"/>.</summary>
    public static void AddModeServices(IServiceCollection services, BenchMode mode, BenchMaterial material)
    {
        switch (mode)
        {
            case BenchMode.Open:
                return;
            case BenchMode.Dictionary or BenchMode.DictionaryCookie:
                services.AddSingleton(new DictionaryAuthenticationHandler.Directory(material));
                services.AddAuthentication(DictionaryAuthenticationHandler.SchemeName)
                    .AddScheme<AuthenticationSchemeOptions, DictionaryAuthenticationHandler>(DictionaryAuthenticationHandler.SchemeName, _ => { });
                break;
            case BenchMode.LatchkeyCookie or BenchMode.LatchkeyBearer:
                services.AddAuthentication(LatchkeyDefaults.AuthenticationScheme).AddLatchkey(o =>
                {
                    o.PublishableKey = material.PublishableKey;
                    o.SecretKey = material.SecretKey;
                    o.JwtKey = material.PublicKeyPem; // networkless: no JWKS fetch
                    o.FrontendApiUrl = material.FrontendApiUrl;
                    o.AuthorizedParties.Add(material.AuthorizedParty);
                    // No network at all, like the other modes: the revocation feed (on by default
                    // with a secret key) needs a Latchkey server, which this benchmark does not
                    // run. Without one its reconnect and catch-up attempts fail in the background,
                    // and the first catch-up (30 s after start, about 0.1 s of CPU with its first
                    // JIT) falls inside the measured window. The per-request check it adds while
                    // nothing is revoked is one volatile read.
                    o.Revocation.Enabled = false;
                });
                break;
            case BenchMode.JwtBearer:
                services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o => ConfigureJwtBearer(o, material));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, null);
        }

        services.AddAuthorization();
    }

    /// <summary>The address Kestrel bound (the port is chosen by the OS when 0 was asked for).</summary>
    public static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    /// <summary>
    /// JwtBearer with Latchkey's rules as far as it has them: the same RSA key (RS256 only), the
    /// Frontend API URL as the only issuer, no audience (session tokens carry none), a signed
    /// <c>exp</c> required, 5 s clock skew, and <c>azp</c> checked against the authorized party in
    /// <c>OnTokenValidated</c>. Everything else is JwtBearer's defaults (inbound claim mapping on).
    /// </summary>
    private static void ConfigureJwtBearer(JwtBearerOptions o, BenchMaterial material)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(material.PublicKeyPem);
        o.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = material.FrontendApiUrl,
            ValidateIssuer = true,
            ValidateAudience = false,
            IssuerSigningKey = new RsaSecurityKey(rsa) { KeyId = material.Kid },
            ValidateIssuerSigningKey = true,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = TimeSpan.FromSeconds(5),
        };
        o.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                if (context.SecurityToken is not JsonWebToken jwt
                    || !jwt.TryGetPayloadValue<string>("azp", out var azp)
                    || !string.Equals(azp, material.AuthorizedParty, StringComparison.Ordinal))
                {
                    context.Fail("azp is not an authorized party");
                }

                return Task.CompletedTask;
            },
        };
    }
}
