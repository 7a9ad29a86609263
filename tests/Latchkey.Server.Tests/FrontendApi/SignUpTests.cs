using System.Net;
using Latchkey.Server.Tests.Infrastructure;

namespace Latchkey.Server.Tests.FrontendApi;

public abstract class SignUpTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    private LatchkeyTestServer Server => fixture.Server;

    private static string NewEmail() => $"ada-{Guid.NewGuid():N}@example.com";

    [Fact]
    public async Task SignUp_EmailCodeVerified_CreatesUserAndSignsIn()
    {
        using var browser = Server.CreateClient();
        var email = NewEmail();

        var sessionId = await browser.SignUpAsync(email, extra: new Dictionary<string, string> { ["first_name"] = "Ada", ["username"] = "ada" + Guid.NewGuid().ToString("N")[..8] });

        var client = (await browser.GetAsync("v1/client")).EnsureStatus(HttpStatusCode.OK).Response;
        Assert.Equal(sessionId, client.GetProperty("last_active_session_id").GetString());
        var session = client.GetProperty("sessions")[0];
        Assert.Equal("active", session.GetProperty("status").GetString());
        Assert.Equal("Ada", session.GetProperty("user").GetProperty("first_name").GetString());
        Assert.Equal(email, session.GetProperty("user").GetProperty("email_addresses")[0].GetProperty("email_address").GetString());
        Assert.NotEqual("0", browser.Cookie("__client_uat"));
    }

    [Fact]
    public async Task AttemptVerification_WrongCode_IsRefusedAndCounted()
    {
        using var browser = Server.CreateClient();
        var created = await browser.PostAsync("v1/client/sign_ups", new Dictionary<string, string> { ["email_address"] = NewEmail(), ["password"] = "correct horse battery" });
        var email = created.EnsureStatus(HttpStatusCode.OK).Response.GetProperty("email_address").GetString()!;
        var id = created.Response.GetProperty("id").GetString()!;
        await browser.PostAsync($"v1/client/sign_ups/{id}/prepare_verification", new Dictionary<string, string> { ["strategy"] = "email_code" });
        var code = int.Parse(FrontendClient.CodeIn(await Server.Smtp.WaitForAsync(email)), System.Globalization.CultureInfo.InvariantCulture);
        var wrongCode = ((code + 1) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

        var malformed = await browser.PostAsync($"v1/client/sign_ups/{id}/attempt_verification", new Dictionary<string, string> { ["code"] = "12345x" });
        var incorrect = await browser.PostAsync($"v1/client/sign_ups/{id}/attempt_verification", new Dictionary<string, string> { ["code"] = wrongCode });
        var reread = await browser.GetAsync($"v1/client/sign_ups/{id}");

        Assert.Equal("form_param_format_invalid", malformed.ErrorCode);
        Assert.Equal("form_code_incorrect", incorrect.ErrorCode);
        Assert.Equal(1, reread.Response.GetProperty("verifications").GetProperty("email_address").GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task SignUp_ExistingEmail_SendsNoticeInsteadOfCodeAndLooksTheSame()
    {
        using var first = Server.CreateClient();
        var email = NewEmail();
        await first.SignUpAsync(email);
        using var second = Server.CreateClient();

        var created = await second.PostAsync("v1/client/sign_ups", new Dictionary<string, string> { ["email_address"] = email, ["password"] = "another good password" });
        var id = created.EnsureStatus(HttpStatusCode.OK).Response.GetProperty("id").GetString()!;
        var prepared = await second.PostAsync($"v1/client/sign_ups/{id}/prepare_verification", new Dictionary<string, string> { ["strategy"] = "email_code" });

        prepared.EnsureStatus(HttpStatusCode.OK);
        var notice = await Server.Smtp.WaitForAsync(email, m => m.Subject?.Contains("already have an account", StringComparison.Ordinal) == true);
        Assert.DoesNotMatch("[0-9]{6}", notice.TextBody);
        Assert.Equal("missing_requirements", prepared.Response.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("email_address", "not-an-email", "form_param_format_invalid")]
    [InlineData("password", "short", "form_password_length_too_short")]
    [InlineData("username", "a b", "form_param_format_invalid")]
    [InlineData("first_name", "bad\u0001name", "form_param_format_invalid")]
    public async Task CreateSignUp_InvalidField_ReturnsCodeAndCreatesNothing(string field, string value, string code)
    {
        using var browser = Server.CreateClient();
        var fields = new Dictionary<string, string> { ["email_address"] = NewEmail(), ["password"] = "correct horse battery", [field] = value };

        var response = await browser.PostAsync("v1/client/sign_ups", fields);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Assert.Equal(code, response.ErrorCode);
        Assert.Equal(field, response.Body.GetProperty("errors")[0].GetProperty("meta").GetProperty("param_name").GetString());
        Assert.NotEmpty(response.Body.GetProperty("clerk_trace_id").GetString()!);
        Assert.Equal(JsonValueKindNull, (await browser.GetAsync("v1/client")).Response.ValueKind);
    }

    [Fact]
    public async Task CreateSignUp_PasswordOver256Characters_IsRefused()
    {
        using var browser = Server.CreateClient();
        var response = await browser.PostAsync("v1/client/sign_ups", new Dictionary<string, string> { ["email_address"] = NewEmail(), ["password"] = new string('p', 257) });
        Assert.Equal("form_password_length_too_long", response.ErrorCode);
    }

    [Fact]
    public async Task SignUpEndpoints_UnknownId_Return404()
    {
        using var browser = Server.CreateClient();
        await browser.PostAsync("v1/client/sign_ups", new Dictionary<string, string> { ["email_address"] = NewEmail() });

        foreach (var path in new[] { "v1/client/sign_ups/sua_unknown/prepare_verification", "v1/client/sign_ups/sua_unknown/attempt_verification", "v1/client/sign_ups/" + new string('x', 500) + "/attempt_verification" })
        {
            var response = await browser.PostAsync(path, new Dictionary<string, string> { ["strategy"] = "email_code", ["code"] = "123456" });
            Assert.Equal(HttpStatusCode.NotFound, response.Status);
            Assert.Equal("sign_up_not_found", response.ErrorCode);
        }
    }

    [Fact]
    public async Task PatchSignUp_ViaMethodOverride_UpdatesFields()
    {
        using var browser = Server.CreateClient();
        var id = (await browser.PostAsync("v1/client/sign_ups", new Dictionary<string, string> { ["email_address"] = NewEmail() })).Response.GetProperty("id").GetString()!;

        var patched = await browser.PostAsync($"v1/client/sign_ups/{id}?_method=PATCH", new Dictionary<string, string> { ["last_name"] = "Lovelace", ["password"] = "correct horse battery" });

        patched.EnsureStatus(HttpStatusCode.OK);
        Assert.Equal("Lovelace", patched.Response.GetProperty("last_name").GetString());
        Assert.True(patched.Response.GetProperty("password_enabled").GetBoolean());
        Assert.Empty(patched.Response.GetProperty("missing_fields").EnumerateArray());
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;
}

public sealed class SignUpSqliteTests(SqliteServerFixture fixture) : SignUpTests<SqliteServerFixture>(fixture);

public sealed class SignUpPostgresTests(PostgresServerFixture fixture) : SignUpTests<PostgresServerFixture>(fixture);
