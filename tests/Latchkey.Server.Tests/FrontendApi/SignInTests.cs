using System.Net;
using Latchkey.Server.Tests.Infrastructure;

namespace Latchkey.Server.Tests.FrontendApi;

public abstract class SignInTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    private LatchkeyTestServer Server => fixture.Server;

    private static string NewEmail() => $"si-{Guid.NewGuid():N}@example.com";

    [Fact]
    public async Task SignIn_CorrectPassword_CreatesSessionAndRotatesClientCookie()
    {
        var email = NewEmail();
        using (var signup = Server.CreateClient())
        {
            await signup.SignUpAsync(email);
        }

        using var browser = Server.CreateClient();
        await browser.GetAsync("v1/environment");
        await browser.PostAsync("v1/client?_method=PUT");
        var before = browser.Cookie("__client");

        var sessionId = await browser.SignInAsync(email.ToUpperInvariant());

        Assert.StartsWith("sess_", sessionId, StringComparison.Ordinal);
        Assert.NotNull(before);
        Assert.NotEqual(before, browser.Cookie("__client"));
        var client = (await browser.GetAsync("v1/client")).Response;
        Assert.Equal(sessionId, client.GetProperty("last_active_session_id").GetString());
        Assert.Equal(JsonNull, client.GetProperty("sign_in").ValueKind);
    }

    [Fact]
    public async Task SignIn_SameUserOnManyDevicesAtOnce_EverySignInSucceeds()
    {
        // Found by the crash load of docs/reliability.md: concurrent sign-ins of one user raced on
        // the user row's concurrency token and the losers answered 409.
        var email = NewEmail();
        using (var signup = Server.CreateClient())
        {
            await signup.SignUpAsync(email);
        }

        var browsers = Enumerable.Range(0, 8).Select(_ => Server.CreateClient()).ToList();
        try
        {
            var answers = await Task.WhenAll(browsers.Select(b => b.PostAsync("v1/client/sign_ins", new Dictionary<string, string> { ["identifier"] = email, ["password"] = "correct horse battery" })));

            Assert.All(answers, a => Assert.Equal(System.Net.HttpStatusCode.OK, a.Status));
            Assert.Equal(8, answers.Select(a => a.Response.GetProperty("created_session_id").GetString()).Distinct().Count());
        }
        finally
        {
            browsers.ForEach(b => b.Dispose());
        }
    }

    [Fact]
    public async Task SignIn_Complete_CarriesLastActiveTokenForTheNewSession()
    {
        var email = NewEmail();
        using (var signup = Server.CreateClient())
        {
            await signup.SignUpAsync(email);
        }

        using var browser = Server.CreateClient(origin: "http://127.0.0.1:5200");
        var response = await browser.PostAsync("v1/client/sign_ins", new Dictionary<string, string> { ["identifier"] = email, ["password"] = "correct horse battery" });

        var session = response.EnsureStatus(HttpStatusCode.OK).Client.GetProperty("sessions")[0];
        var jwt = session.GetProperty("last_active_token").GetProperty("jwt").GetString()!;
        var verified = await TokenAssertions.VerifyAsync(Server, jwt);
        Assert.True(verified.IsValid, verified.ToString());
        Assert.Equal(session.GetProperty("id").GetString(), verified.Claims!.SessionId);
        Assert.Equal("http://127.0.0.1:5200", verified.Claims.AuthorizedParty);
    }

    [Fact]
    public async Task SignIn_SameUserOnManyBrowsersAtOnce_EverySignInSucceeds()
    {
        // Found by the soak (tests/Latchkey.Load.Tests): every sign-in bumped the user row's
        // concurrency token, so two devices of one user signing in together got 409 conflict.
        var email = NewEmail();
        using (var signup = Server.CreateClient())
        {
            await signup.SignUpAsync(email);
        }

        var browsers = Enumerable.Range(0, 8).Select(_ => Server.CreateClient()).ToArray();
        try
        {
            var answers = await Task.WhenAll(browsers.Select(b =>
                b.PostAsync("v1/client/sign_ins", new Dictionary<string, string> { ["identifier"] = email, ["password"] = "correct horse battery" })));

            Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
            Assert.Equal(8, answers.Select(a => a.Response.GetProperty("created_session_id").GetString()).Distinct().Count());
        }
        finally
        {
            foreach (var browser in browsers)
            {
                browser.Dispose();
            }
        }
    }

    [Fact]
    public async Task SignIn_WrongPasswordAndUnknownIdentifier_AnswerTheSame()
    {
        var email = NewEmail();
        using (var signup = Server.CreateClient())
        {
            await signup.SignUpAsync(email);
        }

        using var browser = Server.CreateClient();
        var wrong = await browser.PostAsync("v1/client/sign_ins", new Dictionary<string, string> { ["identifier"] = email, ["password"] = "not the password" });
        var unknown = await browser.PostAsync("v1/client/sign_ins", new Dictionary<string, string> { ["identifier"] = NewEmail(), ["password"] = "not the password" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.Status);
        Assert.Equal(wrong.Status, unknown.Status);
        Assert.Equal("form_password_incorrect", wrong.ErrorCode);
        Assert.Equal(wrong.ErrorCode, unknown.ErrorCode);
        Assert.Equal(wrong.Body.GetProperty("errors")[0].GetProperty("long_message").GetString(), unknown.Body.GetProperty("errors")[0].GetProperty("long_message").GetString());
    }

    [Fact]
    public async Task CreateSignIn_IdentifierOnly_OffersTheSameFactorsForKnownAndUnknownAddresses()
    {
        var email = NewEmail();
        using (var signup = Server.CreateClient())
        {
            await signup.SignUpAsync(email);
        }

        using var browser = Server.CreateClient();
        var known = await browser.PostAsync("v1/client/sign_ins", new Dictionary<string, string> { ["identifier"] = email });
        var unknownAddress = NewEmail();
        var unknown = await browser.PostAsync("v1/client/sign_ins", new Dictionary<string, string> { ["identifier"] = unknownAddress });
        var unknownAgain = await browser.PostAsync("v1/client/sign_ins", new Dictionary<string, string> { ["identifier"] = unknownAddress });

        foreach (var response in new[] { known, unknown })
        {
            response.EnsureStatus(HttpStatusCode.OK);
            Assert.Equal("needs_first_factor", response.Response.GetProperty("status").GetString());
            var factors = response.Response.GetProperty("supported_first_factors").EnumerateArray().ToList();
            Assert.Equal(["password", "email_code"], factors.Select(f => f.GetProperty("strategy").GetString()));
            Assert.Matches("^idn_[0-9A-Za-z]{27}$", factors[1].GetProperty("email_address_id").GetString());
        }

        Assert.Equal(
            unknown.Response.GetProperty("supported_first_factors")[1].GetProperty("email_address_id").GetString(),
            unknownAgain.Response.GetProperty("supported_first_factors")[1].GetProperty("email_address_id").GetString());
    }

    [Fact]
    public async Task SignIn_EmailCode_CompletesWithTheMailedCode()
    {
        var email = NewEmail();
        using (var signup = Server.CreateClient())
        {
            await signup.SignUpAsync(email);
        }

        using var browser = Server.CreateClient();
        var created = await browser.PostAsync("v1/client/sign_ins", new Dictionary<string, string> { ["identifier"] = email });
        var id = created.Response.GetProperty("id").GetString()!;
        var addressId = created.Response.GetProperty("supported_first_factors")[1].GetProperty("email_address_id").GetString()!;
        var before = Server.Smtp.CountTo(email);

        var prepared = await browser.PostAsync($"v1/client/sign_ins/{id}/prepare_first_factor", new Dictionary<string, string> { ["strategy"] = "email_code", ["email_address_id"] = addressId });
        prepared.EnsureStatus(HttpStatusCode.OK);
        var mail = await Server.Smtp.WaitForAsync(email, after: before);
        var attempted = await browser.PostAsync($"v1/client/sign_ins/{id}/attempt_first_factor", new Dictionary<string, string> { ["strategy"] = "email_code", ["code"] = FrontendClient.CodeIn(mail) });

        attempted.EnsureStatus(HttpStatusCode.OK);
        Assert.Equal("complete", attempted.Response.GetProperty("status").GetString());
        Assert.StartsWith("sess_", attempted.Response.GetProperty("created_session_id").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrepareFirstFactor_UnknownAddress_AnswersLikeAKnownOneAndSendsNothing()
    {
        var unknown = NewEmail();
        using var browser = Server.CreateClient();
        var created = await browser.PostAsync("v1/client/sign_ins", new Dictionary<string, string> { ["identifier"] = unknown });
        var id = created.Response.GetProperty("id").GetString()!;

        var prepared = await browser.PostAsync($"v1/client/sign_ins/{id}/prepare_first_factor", new Dictionary<string, string> { ["strategy"] = "email_code" });
        var attempted = await browser.PostAsync($"v1/client/sign_ins/{id}/attempt_first_factor", new Dictionary<string, string> { ["strategy"] = "email_code", ["code"] = "123456" });

        prepared.EnsureStatus(HttpStatusCode.OK);
        Assert.Equal("email_code", prepared.Response.GetProperty("first_factor_verification").GetProperty("strategy").GetString());
        Assert.Equal("form_code_incorrect", attempted.ErrorCode);
        await Task.Delay(200);
        Assert.Equal(0, Server.Smtp.CountTo(unknown));
    }

    [Fact]
    public async Task SignIn_MultipleUsersOnOneClient_KeepsBothSessions()
    {
        var first = NewEmail();
        var second = NewEmail();
        using (var signup = Server.CreateClient())
        {
            await signup.SignUpAsync(first);
            await signup.SignUpAsync(second);
        }

        using var browser = Server.CreateClient();
        var a = await browser.SignInAsync(first);
        var b = await browser.SignInAsync(second);
        var touched = await browser.PostAsync($"v1/client/sessions/{a}/touch", new Dictionary<string, string> { ["intent"] = "select_session" });
        var removed = await browser.PostAsync($"v1/client/sessions/{b}/remove");
        var signedOut = await browser.SendAsync(HttpMethod.Post, "v1/client/sessions?_method=DELETE");

        touched.EnsureStatus(HttpStatusCode.OK);
        Assert.Equal(a, touched.Client.GetProperty("last_active_session_id").GetString());
        Assert.Equal(2, touched.Client.GetProperty("sessions").GetArrayLength());
        Assert.Equal("removed", removed.EnsureStatus(HttpStatusCode.OK).Response.GetProperty("status").GetString());
        Assert.Equal(1, removed.Client.GetProperty("sessions").GetArrayLength());
        Assert.Equal(0, signedOut.EnsureStatus(HttpStatusCode.OK).Client.GetProperty("sessions").GetArrayLength());
        Assert.Equal("0", browser.Cookie("__client_uat"));
        Assert.Equal("session_ended", (await browser.PostAsync($"v1/client/sessions/{a}/tokens")).ErrorCode);
    }

    [Theory]
    [InlineData("identifier", "", "form_param_missing")]
    [InlineData("strategy", "saml", "form_param_value_invalid")]
    [InlineData("identifier", "bad\u0007identifier", "form_param_format_invalid")]
    public async Task CreateSignIn_InvalidInput_ReturnsCode(string field, string value, string code)
    {
        using var browser = Server.CreateClient();
        var fields = new Dictionary<string, string> { ["identifier"] = NewEmail(), [field] = value };

        var response = await browser.PostAsync("v1/client/sign_ins", fields);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Assert.Equal(code, response.ErrorCode);
    }

    [Fact]
    public async Task SignInEndpoints_UnknownId_Return404()
    {
        using var browser = Server.CreateClient();
        await browser.PostAsync("v1/client/sign_ins", new Dictionary<string, string> { ["identifier"] = NewEmail() });

        var response = await browser.PostAsync("v1/client/sign_ins/sia_nope/attempt_first_factor", new Dictionary<string, string> { ["strategy"] = "password", ["password"] = "x" });

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("sign_in_not_found", response.ErrorCode);
    }

    private const System.Text.Json.JsonValueKind JsonNull = System.Text.Json.JsonValueKind.Null;
}

public sealed class SignInSqliteTests(SqliteServerFixture fixture) : SignInTests<SqliteServerFixture>(fixture);

public sealed class SignInPostgresTests(PostgresServerFixture fixture) : SignInTests<PostgresServerFixture>(fixture);
