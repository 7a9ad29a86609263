using System.Net;
using Latchkey.Server.Tests.Infrastructure;

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
        await using var app = await AppBackend.StartAsync(Server);
        var appOrigin = app.Origin;
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

    private static Task<(HttpStatusCode Status, string Body, List<string> Hops)> NavigateAsync(CookieContainer jar, string url) => Navigation.FollowAsync(jar, url);
}

public sealed class HostedPageCrossPortSqliteTests(SqliteServerFixture fixture) : HostedPageCrossPortTests<SqliteServerFixture>(fixture);

public sealed class HostedPageCrossPortPostgresTests(PostgresServerFixture fixture) : HostedPageCrossPortTests<PostgresServerFixture>(fixture);
