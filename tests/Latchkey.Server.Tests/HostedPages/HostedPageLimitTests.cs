using System.Net;
using Latchkey.Server.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Server.Tests.HostedPages;

/// <summary>Hosted pages under the Frontend API's budgets, a frozen clock and a production configuration (own servers).</summary>
public abstract class HostedPageLimitTests(TestDatabaseKind kind)
{
    [Fact]
    public async Task SignIn_OverIdentifierThenIpBudget_ShowsTooManyRequests()
    {
        await using var server = await LatchkeyTestServer.StartAsync(kind, new Dictionary<string, string?>
        {
            ["Latchkey:RateLimits:CredentialRequestsPerIp"] = "3",
            ["Latchkey:RateLimits:CredentialAttemptsPerIdentifier"] = "1",
            ["Latchkey:RateLimits:LockoutThreshold"] = "100",
        });
        using var browser = new PageBrowser(server);
        await browser.GetAsync("/sign-in");
        var fields = new Dictionary<string, string> { ["identifier"] = PageSteps.NewEmail("budget"), ["password"] = "a guess" };

        var first = await browser.PostAsync("/sign-in", fields);
        var second = await browser.PostAsync("/sign-in", fields);
        await browser.PostAsync("/sign-in", fields);
        var fourth = await browser.PostAsync("/sign-in", fields);

        Assert.Equal("form_password_incorrect", first.ErrorFor("password"));
        Assert.Equal(HttpStatusCode.TooManyRequests, second.Status);
        Assert.Equal("too_many_requests", second.ErrorFor("password"));
        Assert.NotNull(second.Headers.RetryAfter);
        // The per-IP budget of the credential endpoints, checked before the page runs: an HTML page all the same.
        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.Status);
        Assert.Equal("too_many_requests", fourth.ErrorFor("form"));
        Assert.NotNull(fourth.Headers.RetryAfter);
        Assert.StartsWith("default-src 'none'", fourth.Header("Content-Security-Policy"));
        Assert.Equal("text/html; charset=utf-8", fourth.Header("Content-Type"));
        Assert.Contains("href=\"/sign-in\"", fourth.Html);
    }

    [Fact]
    public async Task Verify_CodeAfterLifetime_ShowsExpiredThenNewCodeWorks()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        await using var server = await LatchkeyTestServer.StartAsync(kind, time: time);
        using var browser = new PageBrowser(server);
        var email = PageSteps.NewEmail("expired");
        await browser.GetAsync("/sign-up");
        var created = (await browser.PostAsync("/sign-up", new Dictionary<string, string> { ["email_address"] = email, ["password"] = PageSteps.Password })).EnsureStatus(HttpStatusCode.SeeOther);
        await browser.FollowAsync(created);
        var code = FrontendClient.CodeIn(await server.Smtp.WaitForAsync(email));

        time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        var expired = await browser.PostAsync(created.Location!, new Dictionary<string, string> { ["code"] = code });
        var before = server.Smtp.CountTo(email);
        var resent = (await browser.PostAsync(created.Location!, new Dictionary<string, string> { ["action"] = "resend" })).EnsureStatus(HttpStatusCode.SeeOther);
        var notice = await browser.FollowAsync(resent);
        var fresh = FrontendClient.CodeIn(await server.Smtp.WaitForAsync(email, after: before));
        var verified = await browser.PostAsync(created.Location!, new Dictionary<string, string> { ["code"] = fresh });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, expired.Status);
        Assert.Equal("verification_expired", expired.ErrorFor("code"));
        Assert.Equal("/verify?flow=sign_up&sent=1", resent.Location);
        Assert.Contains("data-notice=\"code_sent\"", notice.Html);
        Assert.Equal("/account", verified.EnsureStatus(HttpStatusCode.SeeOther).Location);
    }

    [Fact]
    public async Task ProductionInstance_PagesSendHstsAndHostPrefixedSecureCsrfCookie()
    {
        await using var server = await LatchkeyTestServer.StartAsync(kind, LatchkeyTestServer.ProductionSettings());
        using var browser = new PageBrowser(server);

        var page = (await browser.GetAsync("/sign-in?redirect_url=" + Uri.EscapeDataString("https://app.example.com/home"))).EnsureStatus(HttpStatusCode.OK);
        var mailbox = await browser.GetAsync("/dev/mailbox");

        Assert.Equal("max-age=31536000", page.Header("Strict-Transport-Security"));
        Assert.Contains("form-action 'self' https://app.example.com;", page.Header("Content-Security-Policy"));
        var cookie = Assert.Single(page.SetCookies, c => c.StartsWith("__Host-latchkey_csrf=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Development instance", page.Html);
        Assert.Equal(HttpStatusCode.NotFound, mailbox.Status);
    }
}

public sealed class HostedPageLimitSqliteTests() : HostedPageLimitTests(TestDatabaseKind.Sqlite);

public sealed class HostedPageLimitPostgresTests() : HostedPageLimitTests(TestDatabaseKind.Postgres);
