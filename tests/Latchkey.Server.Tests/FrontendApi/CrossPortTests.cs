using System.Net;
using Latchkey.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Latchkey.Server.Tests.FrontendApi;

/// <summary>
/// design.md, local topology: everything on http://127.0.0.1, cookies ignore ports. A sign-in
/// at the server (one port) is seen by an app on another port of the same browser.
/// </summary>
public abstract class CrossPortTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    private LatchkeyTestServer Server => fixture.Server;

    [Fact]
    public async Task SignInAtServer_IsSeenByAppOnAnotherPort()
    {
        // An "app" on another 127.0.0.1 port that reports the cookies the browser sends it.
        var appPort = TestSmtpServer.FreePort();
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{appPort}");
        await using var app = builder.Build();
        app.MapGet("/whoami", (HttpContext http) => Results.Json(new { uat = http.Request.Cookies["__client_uat"] ?? "missing" }));
        await app.StartAsync();
        var appOrigin = $"http://127.0.0.1:{appPort}";

        // One browser: one cookie jar for every port of 127.0.0.1.
        var jar = new CookieContainer();
        using var atServer = Server.CreateClient(jar);
        var sessionId = await atServer.SignUpAsync($"xport-{Guid.NewGuid():N}@example.com");
        using var toApp = new HttpClient(new HttpClientHandler { CookieContainer = jar }) { BaseAddress = new Uri(appOrigin) };
        using var fromApp = Server.CreateClient(jar, origin: appOrigin);

        var seen = System.Text.Json.JsonDocument.Parse(await toApp.GetStringAsync("/whoami")).RootElement.GetProperty("uat").GetString();
        // The app's SDK creates its dev browser; it joins the client the server's cookie names.
        var devBrowser = (await fromApp.PostAsync("v1/dev_browser")).EnsureStatus(HttpStatusCode.OK).Body.GetProperty("id").GetString()!;
        var viaDevBrowser = new CookieContainer();
        using var sdk = Server.CreateClient(viaDevBrowser, origin: appOrigin);
        var client = (await sdk.GetAsync("v1/client?__clerk_db_jwt=" + devBrowser)).EnsureStatus(HttpStatusCode.OK).Response;
        var token = (await sdk.PostAsync($"v1/client/sessions/{sessionId}/tokens?__clerk_db_jwt=" + devBrowser)).EnsureStatus(HttpStatusCode.OK).Body.GetProperty("jwt").GetString()!;
        var verified = await TokenAssertions.VerifyAsync(Server, token);

        Assert.NotEqual("missing", seen);
        Assert.NotEqual("0", seen);
        Assert.Equal(sessionId, client.GetProperty("last_active_session_id").GetString());
        Assert.True(verified.IsValid, verified.ToString());
        Assert.Equal(appOrigin, verified.Claims!.AuthorizedParty);
    }
}

public sealed class CrossPortSqliteTests(SqliteServerFixture fixture) : CrossPortTests<SqliteServerFixture>(fixture);

public sealed class CrossPortPostgresTests(PostgresServerFixture fixture) : CrossPortTests<PostgresServerFixture>(fixture);
