using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Latchkey.AspNetCore;
using Latchkey.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latchkey.Server.Tests.HostedPages;

/// <summary>
/// design.md, local topology and development instances: a person signs in on the server's
/// hosted page and is sent back to an app on another 127.0.0.1 port. The app's backend
/// (Latchkey.AspNetCore, development keys) must see a signed-in request — through the
/// protocol's dev-browser-sync handshake when the redirect carries <c>__clerk_db_jwt</c>, and
/// through the ordinary handshake on a later visit that carries only cookies.
/// </summary>
public abstract class HostedPageCrossPortTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    private LatchkeyTestServer Server => fixture.Server;

    [Fact]
    public async Task SignInOnHostedPage_AppOnAnotherPort_IsSignedInThroughHandshake()
    {
        var (app, appOrigin) = await StartAppAsync();
        await using var running = app;
        var jar = new CookieContainer();
        using var browser = new PageBrowser(Server, jar);
        var email = PageSteps.NewEmail("xport-page");
        var query = "?redirect_url=" + Uri.EscapeDataString(appOrigin + "/dashboard?tab=2");

        var back = (await PageSteps.SignUpAsync(Server, browser, email, query)).EnsureStatus(HttpStatusCode.SeeOther);
        var (status, body, hops) = await NavigateAsync(jar, back.Location!);
        // A later visit: no dev-browser token in the URL and the app's __session removed; the cookies alone suffice.
        foreach (var cookie in jar.GetAllCookies().Where(c => c.Name.StartsWith("__session", StringComparison.Ordinal)))
        {
            cookie.Expired = true;
        }

        var (laterStatus, laterBody, laterHops) = await NavigateAsync(jar, appOrigin + "/dashboard");

        Assert.StartsWith(appOrigin + "/dashboard?tab=2&__clerk_db_jwt=", back.Location);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("user_", body);
        Assert.Contains(hops, h => h.StartsWith(Server.Origin + "/v1/client/handshake?", StringComparison.Ordinal));
        Assert.Equal(appOrigin + "/dashboard?tab=2", hops[^1]);
        Assert.Equal(HttpStatusCode.OK, laterStatus);
        Assert.Equal(body, laterBody);
        Assert.Contains(laterHops, h => h.StartsWith(Server.Origin + "/v1/client/handshake?", StringComparison.Ordinal));
    }

    /// <summary>Follows a top-level navigation through its redirects as a browser does (document requests, one cookie jar).</summary>
    private static async Task<(HttpStatusCode Status, string Body, List<string> Hops)> NavigateAsync(CookieContainer jar, string url)
    {
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false });
        var hops = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            hops.Add(url);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("Sec-Fetch-Dest", "document");
            request.Headers.Add("Accept", "text/html");
            using var response = await http.SendAsync(request);
            if ((int)response.StatusCode is >= 300 and < 400)
            {
                url = new Uri(new Uri(url), response.Headers.Location!).AbsoluteUri;
                continue;
            }

            return (response.StatusCode, await response.Content.ReadAsStringAsync(), hops);
        }

        throw new Xunit.Sdk.XunitException("Redirect loop: " + string.Join(" -> ", hops));
    }

    /// <summary>An app backend on a free port, configured like the demo app: development keys from the key file, the server's public key.</summary>
    private async Task<(WebApplication App, string Origin)> StartAppAsync()
    {
        var port = TestSmtpServer.FreePort();
        var origin = $"http://127.0.0.1:{port}";
        var pem = await PublicKeyPemAsync();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(origin);
        builder.Services.AddAuthentication().AddLatchkey(o =>
        {
            o.PublishableKey = KeyFile.PublishableKey(Server);
            o.SecretKey = KeyFile.SecretKey(Server);
            o.FrontendApiUrl = Server.Origin;
            o.JwtKey = pem;
            o.AuthorizedParties = [origin];
        });
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/dashboard", (HttpContext c) => Results.Text(c.GetLatchkeyAuth().UserId ?? "signed-out")).RequireAuthorization();
        await app.StartAsync();
        return (app, origin);
    }

    private async Task<string> PublicKeyPemAsync()
    {
        using var http = new HttpClient { BaseAddress = Server.BaseAddress };
        using var jwks = JsonDocument.Parse(await http.GetStringAsync(".well-known/jwks.json"));
        var key = jwks.RootElement.GetProperty("keys")[0];
        using var rsa = RSA.Create();
        rsa.ImportParameters(new RSAParameters
        {
            Modulus = Convert.FromBase64String(Pad(key.GetProperty("n").GetString()!)),
            Exponent = Convert.FromBase64String(Pad(key.GetProperty("e").GetString()!)),
        });
        return rsa.ExportSubjectPublicKeyInfoPem();
    }

    private static string Pad(string base64Url)
    {
        var text = base64Url.Replace('-', '+').Replace('_', '/');
        return text + new string('=', (4 - (text.Length % 4)) % 4);
    }
}

public sealed class HostedPageCrossPortSqliteTests(SqliteServerFixture fixture) : HostedPageCrossPortTests<SqliteServerFixture>(fixture);

public sealed class HostedPageCrossPortPostgresTests(PostgresServerFixture fixture) : HostedPageCrossPortTests<PostgresServerFixture>(fixture);
