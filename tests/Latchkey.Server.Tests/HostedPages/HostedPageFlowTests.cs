using System.Net;
using System.Text.RegularExpressions;
using Latchkey.Server.Tests.Infrastructure;

namespace Latchkey.Server.Tests.HostedPages;

/// <summary>The hosted pages end to end over real HTTP: sign-up, verify, sign-in, account, sign-outs.</summary>
public abstract class HostedPageFlowTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    private LatchkeyTestServer Server => fixture.Server;

    [Fact]
    public async Task SignUpVerifyAccountSignOut_EndToEnd_SignsInThenOutEverywhere()
    {
        using var laptop = new PageBrowser(Server);
        var email = PageSteps.NewEmail("flow");

        // Sign up and verify: signed in, sent to the account page.
        var verified = await PageSteps.SignUpAsync(Server, laptop, email, extra: new Dictionary<string, string> { ["first_name"] = "Ada", ["last_name"] = "Lovelace" });
        verified.EnsureStatus(HttpStatusCode.SeeOther);
        Assert.Equal("/account", verified.Location);
        Assert.NotEqual("0", laptop.Cookie("__client_uat"));
        var account = (await laptop.FollowAsync(verified)).EnsureStatus(HttpStatusCode.OK);
        Assert.Contains("Ada Lovelace", account.Html);
        Assert.Contains(email, account.Html);
        Assert.Single(Regex.Matches(account.Html, "data-this-browser=\"true\""));

        // A second device signs in with the password; the laptop sees it and signs it out.
        using var phone = new PageBrowser(Server, userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1");
        (await PageSteps.SignInAsync(phone, email)).EnsureStatus(HttpStatusCode.SeeOther);
        using var phoneApi = Server.CreateClient(phone.Cookies);
        var phoneSession = (await phoneApi.GetAsync("v1/client")).Response.GetProperty("last_active_session_id").GetString()!;
        await phoneApi.MintAsync(phoneSession);
        account = await laptop.GetAsync("/account");
        Assert.Contains("Safari on iPhone", account.Html);
        Assert.Contains("Chrome on Linux", account.Html);
        Assert.Contains("127.0.0.1", account.Html);
        Assert.Contains($"data-session-id=\"{phoneSession}\" data-this-browser=\"false\"", account.Html);

        var others = (await laptop.PostAsync("/account", new Dictionary<string, string> { ["action"] = "sign_out_others" })).EnsureStatus(HttpStatusCode.SeeOther);
        Assert.Equal("/account", others.Location);
        var refused = await phoneApi.PostAsync($"v1/client/sessions/{phoneSession}/tokens");
        Assert.Equal("session_revoked", refused.ErrorCode);
        account = await laptop.GetAsync("/account");
        Assert.DoesNotContain(phoneSession, account.Html);

        // Sign out: signed out, __client_uat=0, the account page sends to sign-in.
        var signedOut = (await laptop.PostAsync("/account", new Dictionary<string, string> { ["action"] = "sign_out" })).EnsureStatus(HttpStatusCode.SeeOther);
        Assert.Equal("/sign-in?signed_out=1", signedOut.Location);
        Assert.Equal("0", laptop.Cookie("__client_uat"));
        var notice = await laptop.FollowAsync(signedOut);
        Assert.Contains("data-notice=\"signed_out\"", notice.Html);
        Assert.Equal("/sign-in", (await laptop.GetAsync("/account")).EnsureStatus(HttpStatusCode.SeeOther).Location);
    }

    [Fact]
    public async Task SignIn_WithEmailCode_VerifiesAndSignsIn()
    {
        using var setup = new PageBrowser(Server);
        var email = PageSteps.NewEmail("code");
        (await PageSteps.SignUpAsync(Server, setup, email)).EnsureStatus(HttpStatusCode.SeeOther);
        using var browser = new PageBrowser(Server);
        await browser.GetAsync("/sign-in");
        var before = Server.Smtp.CountTo(email);

        var sent = (await browser.PostAsync("/sign-in", new Dictionary<string, string> { ["identifier"] = email, ["action"] = "email_code" })).EnsureStatus(HttpStatusCode.SeeOther);
        var verify = (await browser.FollowAsync(sent)).EnsureStatus(HttpStatusCode.OK);
        var mail = await Server.Smtp.WaitForAsync(email, m => m.Subject?.Contains("verification code", StringComparison.Ordinal) == true, after: before);
        var code = FrontendClient.CodeIn(mail);
        var wrong = await browser.PostAsync(sent.Location!, new Dictionary<string, string> { ["code"] = PageSteps.WrongCode(code) });
        var right = await browser.PostAsync(sent.Location!, new Dictionary<string, string> { ["code"] = code[..3] + " " + code[3..] });

        Assert.Equal("/verify?flow=sign_in", sent.Location);
        Assert.Contains(email, verify.Html);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.Status);
        Assert.Equal("form_code_incorrect", wrong.ErrorFor("code"));
        Assert.Contains("aria-invalid=\"true\"", wrong.Input("code"));
        Assert.Contains("aria-describedby=\"code-hint code-error\"", wrong.Input("code"));
        Assert.Equal("/account", right.EnsureStatus(HttpStatusCode.SeeOther).Location);
    }

    [Fact]
    public async Task SignIn_UnknownAndWrongPassword_LookTheSame()
    {
        using var setup = new PageBrowser(Server);
        var email = PageSteps.NewEmail("same");
        (await PageSteps.SignUpAsync(Server, setup, email)).EnsureStatus(HttpStatusCode.SeeOther);
        using var browser = new PageBrowser(Server);

        var wrong = await PageSteps.SignInAsync(browser, email, "not the password");
        var unknown = await PageSteps.SignInAsync(browser, PageSteps.NewEmail("nobody"), "not the password");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.Status);
        Assert.Equal(wrong.Status, unknown.Status);
        Assert.Equal([("form_password_incorrect", "password")], wrong.Errors);
        Assert.Equal(wrong.Errors, unknown.Errors);
        Assert.Contains("aria-invalid=\"true\"", wrong.Input("password"));
        Assert.DoesNotContain("value=", wrong.Input("password"));
        Assert.Contains($"value=\"{email}\"", wrong.Input("identifier"));
        Assert.Contains("<title>Error: Sign in", wrong.Html);
    }

    [Fact]
    public async Task SignIn_RepeatedWrongPasswords_ShowsLockoutNextToPassword()
    {
        using var browser = new PageBrowser(Server);
        var identifier = PageSteps.NewEmail("locked");
        var codes = new List<string?>();
        PageResponse last = null!;
        for (var i = 0; i < 6; i++)
        {
            last = await PageSteps.SignInAsync(browser, identifier, "guess " + i);
            codes.Add(last.ErrorFor("password"));
        }

        Assert.Equal(["form_password_incorrect", "form_password_incorrect", "form_password_incorrect", "form_password_incorrect", "user_locked", "user_locked"], codes);
        Assert.Equal(HttpStatusCode.Forbidden, last.Status);
        Assert.NotNull(last.Headers.RetryAfter);
    }

    [Fact]
    public async Task SignIn_AllowedRedirectUrl_GoesBackWithDevBrowserAndWidensFormAction()
    {
        using var setup = new PageBrowser(Server);
        var email = PageSteps.NewEmail("back");
        (await PageSteps.SignUpAsync(Server, setup, email)).EnsureStatus(HttpStatusCode.SeeOther);
        using var browser = new PageBrowser(Server);
        var app = "http://127.0.0.1:5200";
        var query = "?redirect_url=" + Uri.EscapeDataString(app + "/dashboard?tab=1&__clerk_db_jwt=stale#top");

        var page = await browser.GetAsync("/sign-in" + query);
        var signedIn = (await PageSteps.SignInAsync(browser, email, query: query)).EnsureStatus(HttpStatusCode.SeeOther);
        var location = new Uri(signedIn.Location!);
        var devBrowser = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location.Query)["__clerk_db_jwt"];
        using var sdk = Server.CreateClient(new CookieContainer(), origin: app);
        var seenByApp = (await sdk.GetAsync("v1/client?__clerk_db_jwt=" + devBrowser)).EnsureStatus(HttpStatusCode.OK).Response;

        Assert.Contains("form-action 'self' http://127.0.0.1:5200;", page.Header("Content-Security-Policy"));
        Assert.Contains("to continue to 127.0.0.1:5200", page.Html);
        Assert.Equal(app + "/dashboard", location.GetLeftPart(UriPartial.Path));
        Assert.Equal("#top", location.Fragment);
        Assert.Equal("1", Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location.Query)["tab"]);
        Assert.Single(devBrowser);
        Assert.Equal(devBrowser[0], browser.Cookie("__clerk_db_jwt"));
        Assert.Equal(1, seenByApp.GetProperty("sessions").GetArrayLength());
    }

    [Fact]
    public async Task SignedIn_SecondAccount_ListedAndSwitchable()
    {
        using var browser = new PageBrowser(Server);
        var first = PageSteps.NewEmail("first");
        var second = PageSteps.NewEmail("second");
        (await PageSteps.SignUpAsync(Server, browser, first, extra: new Dictionary<string, string> { ["first_name"] = "First" })).EnsureStatus(HttpStatusCode.SeeOther);
        var signInPage = await browser.GetAsync("/sign-in");
        (await PageSteps.SignUpAsync(Server, browser, second, extra: new Dictionary<string, string> { ["first_name"] = "Second" })).EnsureStatus(HttpStatusCode.SeeOther);

        var account = await browser.GetAsync("/account");
        var firstSession = Regex.Match(account.Html, "<li data-session-id=\"(sess_[A-Za-z0-9]+)\">").Groups[1].Value;
        var switched = await browser.PostAsync("/account", new Dictionary<string, string> { ["action"] = "switch", ["session_id"] = firstSession });
        var after = await browser.GetAsync("/account");
        var continued = await browser.PostAsync("/sign-in", new Dictionary<string, string> { ["action"] = "continue" });

        Assert.Contains("data-notice=\"signed_in\"", signInPage.Html);
        Assert.NotEqual("0", browser.Cookie("__client_uat"));
        Assert.Contains("Signed in as Second", account.Html);
        Assert.Contains("Other accounts on this browser", account.Html);
        Assert.Equal("/account", switched.EnsureStatus(HttpStatusCode.SeeOther).Location);
        Assert.Contains("Signed in as First", after.Html);
        Assert.Equal("/account", continued.EnsureStatus(HttpStatusCode.SeeOther).Location);
    }

    [Fact]
    public async Task SignedIn_StartingAnotherSignIn_WritesClientUatOfTheChangedClient()
    {
        using var browser = new PageBrowser(Server);
        (await PageSteps.SignUpAsync(Server, browser, PageSteps.NewEmail("uat"))).EnsureStatus(HttpStatusCode.SeeOther);
        using var api = Server.CreateClient(browser.Cookies);
        await browser.GetAsync("/sign-in");

        var sent = await browser.PostAsync("/sign-in", new Dictionary<string, string> { ["identifier"] = PageSteps.NewEmail("second-account"), ["action"] = "email_code" });
        var updatedAt = (await api.GetAsync("v1/client")).Response.GetProperty("updated_at").GetInt64();

        Assert.Equal(HttpStatusCode.SeeOther, sent.Status);
        var expected = "__client_uat=" + (updatedAt / 1000).ToString(System.Globalization.CultureInfo.InvariantCulture) + ";";
        Assert.Contains(sent.SetCookies, c => c.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignUp_AddressWithAccount_GoesToVerifyLikeANewOneAndMailsANotice()
    {
        using var owner = new PageBrowser(Server);
        var email = PageSteps.NewEmail("taken");
        (await PageSteps.SignUpAsync(Server, owner, email)).EnsureStatus(HttpStatusCode.SeeOther);
        using var other = new PageBrowser(Server);
        await other.GetAsync("/sign-up");

        var again = await other.PostAsync("/sign-up", new Dictionary<string, string> { ["email_address"] = email, ["password"] = "another good password" });
        var verify = await other.FollowAsync(again);
        var notice = await Server.Smtp.WaitForAsync(email, m => m.Subject?.Contains("already have an account", StringComparison.Ordinal) == true);

        Assert.Equal("/verify?flow=sign_up", again.EnsureStatus(HttpStatusCode.SeeOther).Location);
        Assert.Equal(HttpStatusCode.OK, verify.Status);
        Assert.Contains(email, verify.Html);
        Assert.DoesNotMatch("[0-9]{6}", notice.TextBody);
    }

    [Fact]
    public async Task Account_SignOutEverywhere_EndsEverySessionOfTheUser()
    {
        using var laptop = new PageBrowser(Server);
        using var phone = new PageBrowser(Server);
        var email = PageSteps.NewEmail("everywhere");
        (await PageSteps.SignUpAsync(Server, laptop, email)).EnsureStatus(HttpStatusCode.SeeOther);
        (await PageSteps.SignInAsync(phone, email)).EnsureStatus(HttpStatusCode.SeeOther);
        using var phoneApi = Server.CreateClient(phone.Cookies);
        var phoneSession = (await phoneApi.GetAsync("v1/client")).Response.GetProperty("last_active_session_id").GetString()!;
        await laptop.GetAsync("/account");

        var done = await laptop.PostAsync("/account", new Dictionary<string, string> { ["action"] = "sign_out_everywhere" });

        Assert.Equal("/sign-in?signed_out=1", done.EnsureStatus(HttpStatusCode.SeeOther).Location);
        Assert.Equal("0", laptop.Cookie("__client_uat"));
        Assert.Equal("session_revoked", (await phoneApi.PostAsync($"v1/client/sessions/{phoneSession}/tokens")).ErrorCode);
        Assert.Equal("/sign-in", (await phone.GetAsync("/account")).Location);
    }

    [Fact]
    public async Task Account_SignOutOfAnotherUsersSession_IsNotFound()
    {
        using var mallory = new PageBrowser(Server);
        using var victim = new PageBrowser(Server);
        (await PageSteps.SignUpAsync(Server, mallory, PageSteps.NewEmail("mallory"))).EnsureStatus(HttpStatusCode.SeeOther);
        (await PageSteps.SignUpAsync(Server, victim, PageSteps.NewEmail("victim"))).EnsureStatus(HttpStatusCode.SeeOther);
        using var victimApi = Server.CreateClient(victim.Cookies);
        var victimSession = (await victimApi.GetAsync("v1/client")).Response.GetProperty("last_active_session_id").GetString()!;
        await mallory.GetAsync("/account");

        var refused = await mallory.PostAsync("/account", new Dictionary<string, string> { ["action"] = "sign_out_session", ["session_id"] = victimSession });

        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
        Assert.Equal("session_not_found", refused.ErrorFor("form"));
        await victimApi.MintAsync(victimSession);
    }
}

public sealed class HostedPageFlowSqliteTests(SqliteServerFixture fixture) : HostedPageFlowTests<SqliteServerFixture>(fixture);

public sealed class HostedPageFlowPostgresTests(PostgresServerFixture fixture) : HostedPageFlowTests<PostgresServerFixture>(fixture);
