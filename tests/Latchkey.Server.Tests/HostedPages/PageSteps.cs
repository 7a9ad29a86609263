using System.Net;
using Latchkey.Server.Tests.Infrastructure;

namespace Latchkey.Server.Tests.HostedPages;

/// <summary>The hosted-page flows as a person clicks through them, for the tests to build on.</summary>
internal static class PageSteps
{
    public const string Password = "correct horse battery";

    public static string NewEmail(string prefix = "page") => $"{prefix}-{Guid.NewGuid():N}@example.com";

    /// <summary>
    /// Sign-up page → form → /verify → code from the test SMTP server → verify. Returns the
    /// answer to the verify post (a 303 on success).
    /// </summary>
    public static async Task<PageResponse> SignUpAsync(LatchkeyTestServer server, PageBrowser browser, string email, string query = "", IDictionary<string, string>? extra = null)
    {
        (await browser.GetAsync("/sign-up" + query)).EnsureStatus(HttpStatusCode.OK);
        var fields = new Dictionary<string, string> { ["email_address"] = email, ["password"] = Password };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            fields[key] = value;
        }

        var created = (await browser.PostAsync("/sign-up" + query, fields)).EnsureStatus(HttpStatusCode.SeeOther);
        Assert.StartsWith("/verify?flow=sign_up", created.Location);
        (await browser.FollowAsync(created)).EnsureStatus(HttpStatusCode.OK);
        var code = FrontendClient.CodeIn(await server.Smtp.WaitForAsync(email, m => m.Subject?.Contains("verification code", StringComparison.Ordinal) == true));
        return await browser.PostAsync(created.Location!, new Dictionary<string, string> { ["code"] = code });
    }

    /// <summary>Sign-in page → identifier and password. Returns the answer to the post.</summary>
    public static async Task<PageResponse> SignInAsync(PageBrowser browser, string identifier, string password = Password, string query = "")
    {
        (await browser.GetAsync("/sign-in" + query)).EnsureStatus(HttpStatusCode.OK);
        return await browser.PostAsync("/sign-in" + query, new Dictionary<string, string> { ["identifier"] = identifier, ["password"] = password, ["action"] = "password" });
    }

    /// <summary>A wrong code that is surely not the one mailed.</summary>
    public static string WrongCode(string code) =>
        ((int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
}
