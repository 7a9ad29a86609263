using System.Net;
using Latchkey.Server.Tests.HostedPages;
using Latchkey.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace Latchkey.Server.Tests.FrontendApi;

/// <summary>
/// The legacy signed-payload handshake end to end over real HTTP: a person signs in on the
/// server's hosted page, an app backend (Latchkey.AspNetCore on another port) sends the browser
/// to the handshake, which here asks without <c>format</c> (as backend SDKs did before the nonce
/// format), the server answers with <c>__clerk_handshake=&lt;JWS&gt;</c>, and the app verifies
/// it with the server's public key alone (no Backend API call), applies its cookies and is signed in.
/// </summary>
public abstract class LegacyHandshakeEndToEndTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    /// <summary>A port nothing listens on: every Backend API call would fail.</summary>
    private const string NoBackendApi = "http://127.0.0.1:9";

    private LatchkeyTestServer Server => fixture.Server;

    [Fact]
    public async Task LegacyHandshake_SignedInOnHostedPage_AppSignedInFromSignedPayload()
    {
        // The Backend API is unreachable: a nonce could not be resolved, the signed payload can.
        await using var app = await AppBackend.StartAsync(Server, configure: o => o.ApiUrl = NoBackendApi);
        var jar = new CookieContainer();
        using var browser = new PageBrowser(Server, jar);
        var query = "?redirect_url=" + Uri.EscapeDataString(app.Origin + "/dashboard");
        (await PageSteps.SignUpAsync(Server, browser, PageSteps.NewEmail("legacy-e2e"), query)).EnsureStatus(HttpStatusCode.SeeOther);
        foreach (var cookie in jar.GetAllCookies().Where(c => c.Name.StartsWith("__session", StringComparison.Ordinal)))
        {
            cookie.Expired = true;
        }

        var (status, body, hops) = await NavigateAsync(jar, app.Origin + "/dashboard");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("user_", body);
        var handshake = Assert.Single(hops, h => h.StartsWith(Server.Origin + "/v1/client/handshake?", StringComparison.Ordinal));
        Assert.DoesNotContain("format=", handshake, StringComparison.Ordinal);
        Assert.Contains(hops, h => h.StartsWith(app.Origin + "/dashboard?__clerk_handshake=ey", StringComparison.Ordinal));
        Assert.Equal(app.Origin + "/dashboard", hops[^1]);
        Assert.Contains(jar.GetCookies(new Uri(app.Origin)), c => c.Name == "__session" && c.Value.StartsWith("ey", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LegacyHandshake_SignedOutBrowser_AppSignedOutAndCookiesCleared()
    {
        await using var app = await AppBackend.StartAsync(Server, configure: o => o.ApiUrl = NoBackendApi);
        var jar = new CookieContainer();
        // A stale signal: the browser claims a signed-in client the server does not know.
        jar.Add(new Cookie("__client_uat", "1700000000", "/", "127.0.0.1"));

        var (status, _, hops) = await NavigateAsync(jar, app.Origin + "/dashboard");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains(hops, h => h.StartsWith(app.Origin + "/dashboard?__clerk_handshake=ey", StringComparison.Ordinal));
        Assert.Equal("0", jar.GetCookies(new Uri(app.Origin))["__client_uat"]?.Value);
    }

    /// <summary>
    /// Follows a top-level navigation; a hop to the server's handshake loses its <c>format</c>
    /// parameter, standing in for a backend SDK that asks for the legacy payload.
    /// </summary>
    private static Task<(HttpStatusCode Status, string Body, List<string> Hops)> NavigateAsync(CookieContainer jar, string url) =>
        Navigation.FollowAsync(jar, url, hop =>
        {
            if (!hop.Contains("/v1/client/handshake?", StringComparison.Ordinal))
            {
                return hop;
            }

            var uri = new Uri(hop);
            var query = QueryHelpers.ParseQuery(uri.Query);
            query.Remove("format");
            return QueryHelpers.AddQueryString(uri.GetLeftPart(UriPartial.Path), query.SelectMany(kv => kv.Value.Select(v => new KeyValuePair<string, string?>(kv.Key, v))));
        });
}

public sealed class LegacyHandshakeEndToEndSqliteTests(SqliteServerFixture fixture) : LegacyHandshakeEndToEndTests<SqliteServerFixture>(fixture);

public sealed class LegacyHandshakeEndToEndPostgresTests(PostgresServerFixture fixture) : LegacyHandshakeEndToEndTests<PostgresServerFixture>(fixture);
