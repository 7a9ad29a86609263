using Latchkey.Testing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latchkey.AspNetCore.Tests.EndToEnd;

/// <summary>An app protected by Latchkey, served by Kestrel on 127.0.0.1: minimal APIs, an MVC controller, CORS.</summary>
internal sealed class SampleApp : IAsyncDisposable
{
    public const string CorsOrigin = "http://127.0.0.1:5200";

    private readonly WebApplication _app;

    private SampleApp(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public static async Task<SampleApp> StartAsync(TestIssuer issuer, Action<LatchkeyAuthenticationOptions>? configure = null, Dictionary<string, string?>? configuration = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        if (configuration is not null)
        {
            builder.Configuration.AddInMemoryCollection(configuration);
        }

        builder.Services.AddAuthentication().AddLatchkey(o => configure?.Invoke(o));
        builder.Services.AddLatchkeyTestIssuer(issuer);
        if (configure is not null)
        {
            builder.Services.PostConfigureAll(configure);
        }

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy("admins", p => p.RequireOrganizationRole("org:admin"))
            .AddPolicy("invoices", p => p.RequireOrganizationPermission("org:invoices:read"));
        builder.Services.AddControllers().AddApplicationPart(typeof(ProfileController).Assembly);
        builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins(CorsOrigin)
            .WithHeaders("Authorization")
            .WithExposedHeaders("WWW-Authenticate", "x-clerk-auth-status", "x-clerk-auth-reason", "x-clerk-auth-message")));

        var app = builder.Build();
        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/public", (HttpContext c) => new { signedIn = c.GetLatchkeyAuth().IsSignedIn, reason = c.GetLatchkeyAuth().Reason });
        app.MapGet("/api/me", (HttpContext c) =>
        {
            var auth = c.GetLatchkeyAuth();
            return new { auth.UserId, auth.SessionId, auth.OrganizationId, auth.OrganizationRole, name = c.User.Identity!.Name };
        }).RequireAuthorization();
        app.MapGet("/api/admin", () => "admin").RequireAuthorization("admins");
        app.MapGet("/api/invoices", () => "invoices").RequireAuthorization("invoices");
        app.MapGet("/api/token", async (HttpContext c) => { var t = await c.GetLatchkeyAuth().GetTokenAsync(); return Results.Text(t ?? string.Empty); }).RequireAuthorization();
        app.MapGet("/page", () => Results.Content("<h1>page</h1>", "text/html")).RequireAuthorization();
        app.MapControllers();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SampleApp(app, address.TrimEnd('/'));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>An MVC controller protected with <c>[Authorize(Policy = ...)]</c>.</summary>
[ApiController]
[Route("mvc/profile")]
public sealed class ProfileController : ControllerBase
{
    /// <summary>Any signed-in user.</summary>
    [HttpGet]
    [Authorize]
    public IActionResult Get() => Ok(new { userId = HttpContext.GetLatchkeyAuth().UserId });

    /// <summary>Organization admins only.</summary>
    [HttpGet("admin")]
    [Authorize(Policy = "admins")]
    public IActionResult Admin() => Ok("admin");

    /// <summary>Role-based, through the identity's role claim type.</summary>
    [HttpGet("role")]
    [Authorize(Roles = "org:admin")]
    public IActionResult Role() => Ok("role");
}
