using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Latchkey.Server.Tests.Infrastructure;

namespace Latchkey.Server.Tests.HostedPages;

/// <summary>Headers, markup, CSRF, redirect_url, escaping and hostile input of the hosted pages.</summary>
public abstract class HostedPageSecurityTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    private const string Csp = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private LatchkeyTestServer Server => fixture.Server;

    [Theory]
    [InlineData("/")]
    [InlineData("/sign-in")]
    [InlineData("/sign-up")]
    public async Task Get_Page_SecurityHeadersAndAccessibleMarkup(string path)
    {
        using var browser = new PageBrowser(Server);

        var page = (await browser.GetAsync(path)).EnsureStatus(HttpStatusCode.OK);

        Assert.Equal(Csp, page.Header("Content-Security-Policy"));
        Assert.Equal("nosniff", page.Header("X-Content-Type-Options"));
        Assert.Equal("same-origin", page.Header("Referrer-Policy"));
        Assert.Equal("DENY", page.Header("X-Frame-Options"));
        Assert.Equal("no-store", page.Header("Cache-Control"));
        Assert.Equal(string.Empty, page.Header("Strict-Transport-Security"));
        Assert.Equal("text/html; charset=utf-8", page.Header("Content-Type"));
        Assert.Contains("<html lang=\"en\">", page.Html);
        Assert.Single(Regex.Matches(page.Html, "<h1>"));
        Assert.Single(Regex.Matches(page.Html, "<main "));
        Assert.DoesNotContain("<script", page.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("style=", page.Html, StringComparison.OrdinalIgnoreCase);
        foreach (Match input in Regex.Matches(page.Html, "<input id=\"([a-z_]+)\""))
        {
            Assert.Contains($"<label for=\"{input.Groups[1].Value}\">", page.Html);
        }
    }

    [Fact]
    public async Task Get_PageFromAllowedOrigin_NoCorsHeaders()
    {
        using var browser = new PageBrowser(Server);
        (await PageSteps.SignUpAsync(Server, browser, PageSteps.NewEmail("cors"))).EnsureStatus(HttpStatusCode.SeeOther);
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = browser.Cookies }) { BaseAddress = Server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "account");
        request.Headers.Add("Origin", "http://127.0.0.1:5200");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task Get_SignIn_SetsStrictHttpOnlyCsrfCookie()
    {
        using var browser = new PageBrowser(Server);

        var page = await browser.GetAsync("/sign-in");

        var cookie = Assert.Single(page.SetCookies, c => c.StartsWith("latchkey_csrf=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(page.CsrfToken);
        Assert.DoesNotContain(browser.Cookie("latchkey_csrf")!, page.Html);
    }

    [Theory]
    [InlineData("/verify?flow=sign_up", "/sign-up")]
    [InlineData("/verify?flow=sign_in", "/sign-in")]
    [InlineData("/verify", "/sign-in")]
    [InlineData("/account", "/sign-in")]
    public async Task Get_NothingToShowWhileSignedOut_RedirectsToStart(string path, string expected)
    {
        using var browser = new PageBrowser(Server);

        var page = await browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.SeeOther, page.Status);
        Assert.Equal(expected, page.Location);
        Assert.Equal(Csp, page.Header("Content-Security-Policy"));
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("//evil.example/x")]
    [InlineData("http://127.0.0.1:5200\\@evil.example/")]
    [InlineData("http://user@127.0.0.1:5200/")]
    [InlineData("http://127.0.0.1%2f@evil.example/")]
    [InlineData("data:text/html,hi")]
    [InlineData("/account")]
    public async Task Get_UntrustedRedirectUrl_Refused(string redirectUrl)
    {
        using var browser = new PageBrowser(Server);
        var query = "?redirect_url=" + Uri.EscapeDataString(redirectUrl);

        foreach (var path in new[] { "/sign-in", "/sign-up", "/verify?flow=sign_in&" + query[1..] })
        {
            var page = await browser.GetAsync(path.Contains('?') ? path : path + query);

            Assert.Equal(HttpStatusCode.BadRequest, page.Status);
            Assert.Equal("redirect_url_invalid", page.ErrorFor("form"));
            Assert.Equal(Csp, page.Header("Content-Security-Policy"));
            Assert.DoesNotContain("evil.example", page.Html);
        }
    }

    [Fact]
    public async Task Post_UntrustedRedirectUrl_RefusedBeforeSigningIn()
    {
        using var setup = new PageBrowser(Server);
        var email = PageSteps.NewEmail("evil-redirect");
        (await PageSteps.SignUpAsync(Server, setup, email)).EnsureStatus(HttpStatusCode.SeeOther);
        using var browser = new PageBrowser(Server);
        await browser.GetAsync("/sign-in");

        var refused = await browser.PostAsync("/sign-in?redirect_url=" + Uri.EscapeDataString("https://evil.example/"), new Dictionary<string, string> { ["identifier"] = email, ["password"] = PageSteps.Password });
        var twice = await browser.PostAsync("/sign-in?redirect_url=http%3A%2F%2F127.0.0.1%3A5200%2F&redirect_url=http%3A%2F%2F127.0.0.1%3A5201%2F", new Dictionary<string, string> { ["identifier"] = email, ["password"] = PageSteps.Password });

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("redirect_url_invalid", refused.ErrorFor("form"));
        Assert.Equal(HttpStatusCode.BadRequest, twice.Status);
        Assert.Null(browser.Cookie("__client"));
        Assert.Null(browser.Cookie("__client_uat"));
    }

    [Theory]
    [InlineData("missing-token")]
    [InlineData("wrong-token")]
    [InlineData("other-browser-token")]
    [InlineData("other-origin")]
    [InlineData("null-origin")]
    [InlineData("cross-site-fetch")]
    public async Task Post_FailingCsrfCheck_RefusedWithoutEffect(string variant)
    {
        using var setup = new PageBrowser(Server);
        var email = PageSteps.NewEmail("csrf");
        (await PageSteps.SignUpAsync(Server, setup, email)).EnsureStatus(HttpStatusCode.SeeOther);
        using var other = new PageBrowser(Server);
        await other.GetAsync("/sign-in");
        using var browser = new PageBrowser(Server);
        await browser.GetAsync("/sign-in");
        var fields = new Dictionary<string, string> { ["identifier"] = email, ["password"] = PageSteps.Password };

        var refused = variant switch
        {
            "missing-token" => await browser.PostAsync("/sign-in", fields, csrf: null),
            "wrong-token" => await browser.PostAsync("/sign-in", fields, csrf: new string('A', 43)),
            "other-browser-token" => await browser.PostAsync("/sign-in", fields, csrf: other.LastCsrfToken),
            "other-origin" => await browser.PostAsync("/sign-in", fields, origin: "http://127.0.0.1:5200"),
            "null-origin" => await browser.PostAsync("/sign-in", fields, origin: "null"),
            _ => await CrossSiteWithoutOriginAsync(browser, fields),
        };

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("csrf_token_invalid", refused.ErrorFor("form"));
        Assert.Null(browser.Cookie("__client"));
    }

    [Fact]
    public async Task Post_SameOriginWithoutOriginHeader_IsAccepted()
    {
        using var browser = new PageBrowser(Server);
        await browser.GetAsync("/sign-in");

        var answer = await browser.PostAsync("/sign-in", new Dictionary<string, string> { ["identifier"] = PageSteps.NewEmail("no-origin"), ["password"] = "wrong password" }, origin: null);

        Assert.Equal("form_password_incorrect", answer.ErrorFor("password"));
    }

    [Fact]
    public async Task HostileNamesAndIdentifiers_AreEncoded()
    {
        using var browser = new PageBrowser(Server);
        var email = PageSteps.NewEmail("hostile");
        var names = new Dictionary<string, string> { ["first_name"] = "<script>alert(1)</script>", ["last_name"] = "\"><img src=x onerror=alert(2)>" };
        (await PageSteps.SignUpAsync(Server, browser, email, extra: names)).EnsureStatus(HttpStatusCode.SeeOther);
        var account = await browser.GetAsync("/account");
        using var stranger = new PageBrowser(Server);
        await stranger.GetAsync("/sign-in");
        var echoed = await stranger.PostAsync("/sign-in", new Dictionary<string, string> { ["identifier"] = "\"><script>alert(3)</script>", ["password"] = "x" });
        var sent = await stranger.PostAsync("/sign-in", new Dictionary<string, string> { ["identifier"] = "\"<svg onload=alert(4)>\"@example.com", ["action"] = "email_code" });
        var verify = await stranger.FollowAsync(sent);

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", account.Html);
        Assert.Contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;", account.Html);
        Assert.Contains("value=\"&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;\"", echoed.Input("identifier"));
        Assert.Contains("&lt;svg onload=alert(4)&gt;", verify.EnsureStatus(HttpStatusCode.OK).Html);
        foreach (var html in new[] { account.Html, echoed.Html, verify.Html })
        {
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<svg onload", html, StringComparison.OrdinalIgnoreCase);
        }
    }

    public static TheoryData<string, string, string> MalformedPosts => new()
    {
        { "/sign-in", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"identifier\"\r\n\r\na\r\n--x--" },
        { "/sign-in", "application/json", "[1,2]" },
        { "/sign-in", "application/json", "{\"identifier\":{\"nested\":true}}" },
        { "/sign-in", "application/x-www-form-urlencoded", "identifier=a&identifier=b" },
        { "/sign-in", "application/x-www-form-urlencoded", "identifier=%ZZ%&password=%" },
        { "/sign-in", "application/x-www-form-urlencoded", "identifier=" + new string('a', 9000) },
        { "/sign-in", "application/x-www-form-urlencoded", "identifier=a%00b&password=x&action=password" },
        { "/sign-in", "application/x-www-form-urlencoded", "action=fly" },
        { "/sign-in", "text/plain", "hello" },
        { "/sign-in?_method=DELETE", "application/x-www-form-urlencoded", "identifier=a" },
        { "/sign-up", "application/x-www-form-urlencoded", "email_address=" + Uri.EscapeDataString("a@b.c\u0001") + "&first_name=" + new string('n', 300) },
        { "/sign-up", "application/x-www-form-urlencoded", "email_address=&password=" },
        { "/verify?flow=sign_up", "application/x-www-form-urlencoded", "code=abc" },
        { "/verify?flow=nope", "application/x-www-form-urlencoded", "code=123456" },
        { "/account", "application/x-www-form-urlencoded", "action=sign_out_session&session_id=" + new string('s', 5000) },
        { "/account", "application/x-www-form-urlencoded", "" },
    };

    [Theory]
    [MemberData(nameof(MalformedPosts))]
    public async Task Post_MalformedForm_ClearAnswerNever500(string path, string contentType, string body)
    {
        using var browser = new PageBrowser(Server);
        await browser.GetAsync("/sign-in");
        var csrf = "_csrf=" + browser.LastCsrfToken;
        var withToken = contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal) ? (body.Length == 0 ? csrf : body + "&" + csrf) : body;
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(withToken));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var answer = await browser.SendRawAsync(path, content);

        Assert.True((int)answer.Status is >= 300 and < 500, $"{(int)answer.Status}: {answer.Html}");
        Assert.True(answer.Status == HttpStatusCode.SeeOther || answer.Errors.Count > 0 || answer.Status == HttpStatusCode.MethodNotAllowed, answer.Html);
    }

    [Fact]
    public async Task Post_OversizedBody_Refused413()
    {
        using var browser = new PageBrowser(Server);
        await browser.GetAsync("/sign-in");

        var answer = await browser.SendRawAsync("/sign-in", new StringContent("identifier=" + new string('a', 70_000), Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.Status);
        Assert.Equal("request_body_too_large", answer.ErrorFor("form"));
    }

    [Fact]
    public async Task Get_DevBrowserInUrl_IsStrippedAndNotAdopted()
    {
        using var other = Server.CreateClient();
        var planted = (await other.PostAsync("v1/dev_browser")).EnsureStatus(HttpStatusCode.OK).Body.GetProperty("id").GetString()!;
        using var browser = new PageBrowser(Server);

        var page = await browser.GetAsync("/sign-in?__clerk_db_jwt=" + planted + "&redirect_url=" + Uri.EscapeDataString("http://127.0.0.1:5200/x"));

        Assert.Equal(HttpStatusCode.SeeOther, page.Status);
        Assert.Equal("/sign-in?redirect_url=" + Uri.EscapeDataString("http://127.0.0.1:5200/x"), page.Location);
        Assert.DoesNotContain(page.SetCookies, c => c.Contains(planted, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Assets_Stylesheet_HashedNameAndLongCache()
    {
        using var browser = new PageBrowser(Server);
        var page = await browser.GetAsync("/sign-in");
        var href = Regex.Match(page.Html, "<link rel=\"stylesheet\" href=\"(/assets/latchkey\\.[A-Za-z0-9_-]{12}\\.css)\">").Groups[1].Value;
        var icon = Regex.Match(page.Html, "<link rel=\"icon\" type=\"image/svg\\+xml\" href=\"(/assets/icon\\.[A-Za-z0-9_-]{12}\\.svg)\">").Groups[1].Value;

        var css = await browser.GetAsync(href);
        var svg = await browser.GetAsync(icon);
        var stale = await browser.GetAsync("/assets/latchkey.AAAAAAAAAAAA.css");

        Assert.Equal(HttpStatusCode.OK, css.Status);
        Assert.Equal("text/css; charset=utf-8", css.Header("Content-Type"));
        Assert.Equal("public, max-age=31536000, immutable", css.Header("Cache-Control"));
        Assert.Contains(".card", css.Html);
        Assert.Equal("image/svg+xml", svg.Header("Content-Type"));
        Assert.Equal("default-src 'none'", svg.Header("Content-Security-Policy"));
        Assert.Equal(HttpStatusCode.NotFound, stale.Status);
    }

    private static Task<PageResponse> CrossSiteWithoutOriginAsync(PageBrowser browser, Dictionary<string, string> fields)
    {
        var content = new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["_csrf"] = browser.LastCsrfToken! });
        return SendWithoutOriginAsync(browser, content);
    }

    private static async Task<PageResponse> SendWithoutOriginAsync(PageBrowser browser, HttpContent content) =>
        await browser.SendRawAsync("/sign-in", content, origin: null, secFetchSite: "cross-site");
}

public sealed class HostedPageSecuritySqliteTests(SqliteServerFixture fixture) : HostedPageSecurityTests<SqliteServerFixture>(fixture);

public sealed class HostedPageSecurityPostgresTests(PostgresServerFixture fixture) : HostedPageSecurityTests<PostgresServerFixture>(fixture);
