using System.Net;
using System.Text.Json;
using Latchkey.Server.Tests.Infrastructure;

namespace Latchkey.Server.Tests.BackendApi;

/// <summary>Backend API users: create, get, update, delete, metadata, verify_password, with bad input.</summary>
public abstract class UserApiTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    private LatchkeyTestServer Server => fixture.Server;

    private static string NewEmail() => $"bapi-{Guid.NewGuid():N}@example.com";

    [Fact]
    public async Task CreateUser_FullBody_ReturnsUserInTheShapeOfClerkBackend()
    {
        using var backend = Server.CreateBackend();
        var first = NewEmail();
        var second = NewEmail();

        var response = await backend.PostAsync("v1/users", new Dictionary<string, object>
        {
            ["email_address"] = new[] { first, second },
            ["password"] = "correct horse battery",
            ["first_name"] = "Ada",
            ["last_name"] = "Lovelace",
            ["username"] = "ada" + Guid.NewGuid().ToString("N")[..8],
            ["public_metadata"] = new { plan = "pro" },
            ["private_metadata"] = new { stripe = new { customer = "cus_1" } },
        });

        response.EnsureStatus(HttpStatusCode.OK);
        var user = response.Body;
        Assert.Equal("user", user.GetProperty("object").GetString());
        Assert.StartsWith("user_", user.GetProperty("id").GetString(), StringComparison.Ordinal);
        var emails = user.GetProperty("email_addresses").EnumerateArray().ToList();
        Assert.Equal([first, second], emails.Select(e => e.GetProperty("email_address").GetString()));
        Assert.Equal(emails[0].GetProperty("id").GetString(), user.GetProperty("primary_email_address_id").GetString());
        Assert.Equal("email_address", emails[0].GetProperty("object").GetString());
        Assert.Equal("verified", emails[0].GetProperty("verification").GetProperty("status").GetString());
        Assert.Equal("admin", emails[0].GetProperty("verification").GetProperty("strategy").GetString());
        Assert.Equal(0, emails[0].GetProperty("linked_to").GetArrayLength());
        Assert.True(user.GetProperty("password_enabled").GetBoolean());
        Assert.Equal("Ada", user.GetProperty("first_name").GetString());
        Assert.Equal("pro", user.GetProperty("public_metadata").GetProperty("plan").GetString());
        Assert.Equal("cus_1", user.GetProperty("private_metadata").GetProperty("stripe").GetProperty("customer").GetString());
        Assert.Equal(JsonValueKind.Object, user.GetProperty("unsafe_metadata").ValueKind);
        Assert.False(user.GetProperty("banned").GetBoolean());
        Assert.False(user.GetProperty("locked").GetBoolean());
        Assert.Equal(JsonValueKind.Null, user.GetProperty("last_sign_in_at").ValueKind);
        Assert.Equal(0, user.GetProperty("phone_numbers").GetArrayLength());
        var createdAt = DateTimeOffset.FromUnixTimeMilliseconds(user.GetProperty("created_at").GetInt64());
        Assert.InRange(createdAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task CreateUser_ThenPasswordSignInThroughFrontendApi_SignsIn()
    {
        using var backend = Server.CreateBackend();
        var email = NewEmail();
        await backend.CreateUserAsync(email);
        using var browser = Server.CreateClient();

        var sessionId = await browser.SignInAsync(email);

        Assert.StartsWith("sess_", sessionId, StringComparison.Ordinal);
        Assert.NotEmpty(await browser.MintAsync(sessionId));
    }

    [Fact]
    public async Task CreateUser_AddressOfAnotherUser_Is422FormIdentifierExists()
    {
        using var backend = Server.CreateBackend();
        var email = NewEmail();
        await backend.CreateUserAsync(email);

        var response = await backend.PostAsync("v1/users", new { email_address = new[] { email.ToUpperInvariant() }, password = "correct horse battery" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Assert.Equal("form_identifier_exists", response.ErrorCode);
        Assert.Equal("email_address", response.Body.GetProperty("errors")[0].GetProperty("meta").GetProperty("param_name").GetString());
    }

    public static TheoryData<string, int, string> BadBodies() => new()
    {
        { """{"email_address":["not-an-address"],"password":"correct horse battery"}""", 422, "form_param_format_invalid" },
        { """{"email_address":"a@example.com","password":"short"}""", 422, "form_password_length_too_short" },
        { """{"email_address":["a@example.com"]}""", 422, "form_param_missing" },
        { """{"password":"correct horse battery"}""", 422, "form_param_missing" },
        { """{"email_address":["a@example.com"],"password":"correct horse battery","phone_number":["+15550100"]}""", 422, "form_param_unknown" },
        { """{"email_address":["a@example.com","A@example.com"],"password":"correct horse battery"}""", 422, "form_param_format_invalid" },
        { """{"email_address":[1],"password":"correct horse battery"}""", 422, "form_param_format_invalid" },
        { """{"email_address":["a@example.com"],"password":"correct horse battery","public_metadata":[1,2]}""", 422, "form_param_format_invalid" },
        { """{"email_address":["a@example.com"],"password":"correct horse battery","first_name":{"x":1}}""", 422, "form_param_format_invalid" },
        { """{"email_address":["a@example.com"],"password":"correct horse battery","skip_password_checks":"yes"}""", 422, "form_param_format_invalid" },
        { """{"email_address":["a@example.com"],"password":"correct horse battery","username":"x"}""", 422, "form_param_format_invalid" },
        { """{"email_address":["a@example.com"],"password":"correct horse battery","password":"other"}""", 422, "form_param_format_invalid" },
        { """{"email_address":["a@example.com"],""", 400, "request_body_invalid" },
        { """["a@example.com"]""", 400, "request_body_invalid" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task CreateUser_BadBody_IsClearErrorAndCreatesNothing(string body, int status, string code)
    {
        using var backend = Server.CreateBackend();
        var before = (await backend.GetAsync("v1/users/count")).Body.GetProperty("total_count").GetInt64();

        var response = await backend.SendAsync(HttpMethod.Post, "v1/users", BackendClient.Json(body));

        Assert.Equal(status, (int)response.Status);
        Assert.Equal(code, response.ErrorCode);
        Assert.Equal(before, (await backend.GetAsync("v1/users/count")).Body.GetProperty("total_count").GetInt64());
    }

    [Fact]
    public async Task CreateUser_FormBody_Is415()
    {
        using var backend = Server.CreateBackend();

        var response = await backend.SendAsync(HttpMethod.Post, "v1/users", new FormUrlEncodedContent(new Dictionary<string, string> { ["email_address"] = NewEmail() }));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.Status);
        Assert.Equal("unsupported_media_type", response.ErrorCode);
    }

    [Fact]
    public async Task CreateUser_OversizedBodyOrMetadata_IsRefused()
    {
        using var backend = Server.CreateBackend();

        var huge = await backend.PostAsync("v1/users", new { email_address = new[] { NewEmail() }, password = "correct horse battery", public_metadata = new { blob = new string('x', 70_000) } });
        var large = await backend.PostAsync("v1/users", new { email_address = new[] { NewEmail() }, password = "correct horse battery", public_metadata = new { blob = new string('x', 9_000) } });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.Status);
        Assert.Equal("request_body_too_large", huge.ErrorCode);
        Assert.True(huge.Headers.ConnectionClose); // so the next request (large) is not sent on a closing connection
        Assert.Equal(HttpStatusCode.UnprocessableEntity, large.Status);
        Assert.Equal("form_param_exceeds_allowed_size", large.ErrorCode);
    }

    [Fact]
    public async Task CreateUser_SkipFlags_AllowShortOrNoPassword()
    {
        using var backend = Server.CreateBackend();

        var shortPassword = await backend.PostAsync("v1/users", new { email_address = new[] { NewEmail() }, password = "abc", skip_password_checks = true });
        var noPassword = await backend.PostAsync("v1/users", new { email_address = new[] { NewEmail() }, skip_password_requirement = true });

        Assert.True(shortPassword.EnsureStatus(HttpStatusCode.OK).Body.GetProperty("password_enabled").GetBoolean());
        Assert.False(noPassword.EnsureStatus(HttpStatusCode.OK).Body.GetProperty("password_enabled").GetBoolean());
    }

    [Theory]
    [InlineData("user_doesnotexist")]
    [InlineData("user_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task UnknownUser_EveryUserEndpoint_Is404ResourceNotFound(string id)
    {
        using var backend = Server.CreateBackend();

        var answers = new[]
        {
            await backend.GetAsync($"v1/users/{id}"),
            await backend.PatchAsync($"v1/users/{id}", new { first_name = "x" }),
            await backend.DeleteAsync($"v1/users/{id}"),
            await backend.PostAsync($"v1/users/{id}/ban"),
            await backend.PostAsync($"v1/users/{id}/unlock"),
            await backend.PostAsync($"v1/users/{id}/verify_password", new { password = "x" }),
            await backend.PatchAsync($"v1/users/{id}/metadata", new { public_metadata = new { } }),
            await backend.PutAsync($"v1/users/{id}/metadata", new { public_metadata = new { } }),
        };

        Assert.All(answers, a =>
        {
            Assert.Equal(HttpStatusCode.NotFound, a.Status);
            Assert.Equal("resource_not_found", a.ErrorCode);
        });
    }

    [Fact]
    public async Task UpdateUser_NamesAndUsername_ChangeAndTakenUsernameIsRefused()
    {
        using var backend = Server.CreateBackend();
        var taken = "taken" + Guid.NewGuid().ToString("N")[..8];
        await backend.CreateUserAsync(NewEmail(), extra: new { username = taken });
        var id = await backend.CreateUserAsync(NewEmail());

        var updated = await backend.PatchAsync($"v1/users/{id}", new { first_name = "Grace", last_name = "Hopper", username = "grace" + Guid.NewGuid().ToString("N")[..8] });
        var clash = await backend.PatchAsync($"v1/users/{id}", new { username = taken.ToUpperInvariant() });
        var unknownField = await backend.PatchAsync($"v1/users/{id}", new { email_address = "x@example.com" });
        var badPrimary = await backend.PatchAsync($"v1/users/{id}", new { primary_email_address_id = "idn_other" });

        Assert.Equal("Grace", updated.EnsureStatus(HttpStatusCode.OK).Body.GetProperty("first_name").GetString());
        Assert.Equal("form_identifier_exists", clash.ErrorCode);
        Assert.Equal("form_param_unknown", unknownField.ErrorCode);
        Assert.Equal("form_param_value_invalid", badPrimary.ErrorCode);
        Assert.Equal("Grace", (await backend.GetAsync($"v1/users/{id}")).Body.GetProperty("first_name").GetString());
    }

    [Fact]
    public async Task UpdateUser_PasswordWithSignOut_RevokesSessionsAndNewPasswordSignsIn()
    {
        using var backend = Server.CreateBackend();
        var email = NewEmail();
        var id = await backend.CreateUserAsync(email);
        using var browser = Server.CreateClient();
        var sessionId = await browser.SignInAsync(email);

        (await backend.PatchAsync($"v1/users/{id}", new { password = "a brand new passphrase", sign_out_of_other_sessions = true })).EnsureStatus(HttpStatusCode.OK);
        var mint = await browser.PostAsync($"v1/client/sessions/{sessionId}/tokens");
        using var again = Server.CreateClient();
        var oldPassword = await again.PostAsync("v1/client/sign_ins", new Dictionary<string, string> { ["identifier"] = email, ["password"] = "correct horse battery" });

        Assert.Equal("session_revoked", mint.ErrorCode);
        Assert.Equal("form_password_incorrect", oldPassword.ErrorCode);
        Assert.NotEmpty(await again.SignInAsync(email, "a brand new passphrase"));
    }

    [Fact]
    public async Task DeleteUser_ReturnsDeletedObject_AndSessionsCanNoLongerMint()
    {
        using var backend = Server.CreateBackend();
        var email = NewEmail();
        var id = await backend.CreateUserAsync(email);
        using var browser = Server.CreateClient();
        var sessionId = await browser.SignInAsync(email);

        var deleted = await backend.DeleteAsync($"v1/users/{id}");
        var mint = await browser.PostAsync($"v1/client/sessions/{sessionId}/tokens");

        deleted.EnsureStatus(HttpStatusCode.OK);
        Assert.Equal("user", deleted.Body.GetProperty("object").GetString());
        Assert.Equal(id, deleted.Body.GetProperty("id").GetString());
        Assert.True(deleted.Body.GetProperty("deleted").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await backend.GetAsync($"v1/users/{id}")).Status);
        Assert.NotEqual(HttpStatusCode.OK, mint.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await backend.PostAsync($"v1/sessions/{sessionId}/tokens")).Status);
    }

    [Fact]
    public async Task VerifyPassword_RightWrongAndUnset_AnswerDistinctly()
    {
        using var backend = Server.CreateBackend();
        var id = await backend.CreateUserAsync(NewEmail());
        var noPassword = (await backend.PostAsync("v1/users", new { email_address = new[] { NewEmail() }, skip_password_requirement = true })).Body.GetProperty("id").GetString();

        var right = await backend.PostAsync($"v1/users/{id}/verify_password", new { password = "correct horse battery" });
        var wrong = await backend.PostAsync($"v1/users/{id}/verify_password", new { password = "wrong horse battery" });
        var missing = await backend.PostAsync($"v1/users/{id}/verify_password", new { });
        var unset = await backend.PostAsync($"v1/users/{noPassword}/verify_password", new { password = "anything at all" });

        Assert.True(right.EnsureStatus(HttpStatusCode.OK).Body.GetProperty("verified").GetBoolean());
        Assert.Equal("incorrect_password", wrong.ErrorCode);
        Assert.Equal("form_param_missing", missing.ErrorCode);
        Assert.Equal("password_not_set", unset.ErrorCode);
    }

    [Fact]
    public async Task Metadata_PatchMergesDeeply_PutReplacesGivenFieldsOnly()
    {
        using var backend = Server.CreateBackend();
        var id = await backend.CreateUserAsync(NewEmail(), extra: new { private_metadata = new { keep = true } });

        await backend.PatchAsync($"v1/users/{id}/metadata", new { public_metadata = new { a = new { b = 1, c = 2 }, top = "x" } });
        var merged = await backend.PatchAsync($"v1/users/{id}/metadata", """{"public_metadata":{"a":{"c":null,"d":3},"top":null}}""");
        var replaced = await backend.PutAsync($"v1/users/{id}/metadata", new { unsafe_metadata = new { theme = "dark" } });
        var nulled = await backend.PutAsync($"v1/users/{id}/metadata", """{"unsafe_metadata":null}""");
        var notObject = await backend.PatchAsync($"v1/users/{id}/metadata", new { public_metadata = "text" });

        Assert.Equal("""{"a":{"b":1,"d":3}}""", merged.EnsureStatus(HttpStatusCode.OK).Body.GetProperty("public_metadata").GetRawText());
        Assert.True(merged.Body.GetProperty("private_metadata").GetProperty("keep").GetBoolean());
        Assert.Equal("dark", replaced.Body.GetProperty("unsafe_metadata").GetProperty("theme").GetString());
        Assert.Equal("""{"a":{"b":1,"d":3}}""", replaced.Body.GetProperty("public_metadata").GetRawText());
        Assert.Equal(JsonValueKind.Null, nulled.Body.GetProperty("unsafe_metadata").ValueKind);
        Assert.Equal("form_param_format_invalid", notObject.ErrorCode);
    }

    [Fact]
    public async Task Metadata_SetThroughBackend_IsVisibleToTheBrowserExceptPrivate()
    {
        using var backend = Server.CreateBackend();
        var email = NewEmail();
        var id = await backend.CreateUserAsync(email);
        await backend.PatchAsync($"v1/users/{id}/metadata", new { public_metadata = new { role = "admin" }, private_metadata = new { secret = "s" } });
        using var browser = Server.CreateClient();
        await browser.SignInAsync(email);

        var client = (await browser.GetAsync("v1/client")).EnsureStatus(HttpStatusCode.OK);

        var user = client.Response.GetProperty("sessions")[0].GetProperty("user");
        Assert.Equal("admin", user.GetProperty("public_metadata").GetProperty("role").GetString());
        Assert.False(user.TryGetProperty("private_metadata", out _));
    }
}

public sealed class UserApiSqliteTests(SqliteServerFixture fixture) : UserApiTests<SqliteServerFixture>(fixture);

public sealed class UserApiPostgresTests(PostgresServerFixture fixture) : UserApiTests<PostgresServerFixture>(fixture);
