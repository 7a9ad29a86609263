using System.Net;
using Latchkey.Server.Tests.Infrastructure;

namespace Latchkey.Server.Tests.BackendApi;

/// <summary>Every Backend API endpoint requires a live secret key; answers carry the exact JSON media type and the API version.</summary>
public abstract class BackendAuthTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    private LatchkeyTestServer Server => fixture.Server;

    /// <summary>Every Backend API route (ids need not exist: authentication comes first).</summary>
    public static TheoryData<string, string> Endpoints() => new()
    {
        { "GET", "v1/jwks" },
        { "GET", "v1/clients/handshake_payload?nonce=x" },
        { "GET", "v1/sessions" },
        { "GET", "v1/sessions/sess_x" },
        { "POST", "v1/sessions" },
        { "POST", "v1/sessions/sess_x/revoke" },
        { "POST", "v1/sessions/sess_x/tokens" },
        { "POST", "v1/sessions/sess_x/tokens/supabase" },
        { "GET", "v1/sessions/revocations" },
        { "GET", "v1/sessions/revocations/stream" },
        { "GET", "v1/users" },
        { "GET", "v1/users/count" },
        { "GET", "v1/users/user_x" },
        { "POST", "v1/users" },
        { "PATCH", "v1/users/user_x" },
        { "DELETE", "v1/users/user_x" },
        { "POST", "v1/users/user_x/ban" },
        { "POST", "v1/users/user_x/unban" },
        { "POST", "v1/users/user_x/lock" },
        { "POST", "v1/users/user_x/unlock" },
        { "POST", "v1/users/user_x/verify_password" },
        { "PATCH", "v1/users/user_x/metadata" },
        { "PUT", "v1/users/user_x/metadata" },
        { "GET", "v1/instance/keys" },
        { "POST", "v1/instance/signing_keys/rotate" },
        { "GET", "v1/secret_keys" },
        { "POST", "v1/secret_keys" },
        { "POST", "v1/secret_keys/sk_x/revoke" },
    };

    /// <summary>Endpoints only Latchkey has (instance administration, the revocation feed) answer RFC 7807 problem details.</summary>
    private static bool IsLatchkeyOnly(string path) =>
        path.StartsWith("v1/instance", StringComparison.Ordinal)
        || path.StartsWith("v1/secret_keys", StringComparison.Ordinal)
        || path.StartsWith("v1/sessions/revocations", StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task AnyEndpoint_NoAuthorizationHeader_Is401AuthenticationInvalid(string method, string path)
    {
        using var backend = Server.CreateBackend();
        backend.SecretKey = null;

        var response = await backend.SendAsync(new HttpMethod(method), path, BackendClient.Json(new { }));

        AssertRefused(response, path, "authentication_invalid");
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task AnyEndpoint_WrongSecretKey_Is401ClerkKeyInvalid(string method, string path)
    {
        using var backend = Server.CreateBackend("sk_test_" + new string('A', 48));

        var response = await backend.SendAsync(new HttpMethod(method), path, BackendClient.Json(new { }));

        AssertRefused(response, path, "clerk_key_invalid");
    }

    [Theory]
    [InlineData("Basic c2tfdGVzdF94Og==", "authentication_invalid")]
    [InlineData("Bearer", "authentication_invalid")]
    [InlineData("Bearer  ", "authentication_invalid")]
    [InlineData("Bearer pk_test_MTI3LjAuMC4xJA", "clerk_key_invalid")]
    [InlineData("Bearer sk_test_short", "clerk_key_invalid")]
    public async Task Users_MalformedAuthorization_Is401WithStableCode(string header, string code)
    {
        using var backend = Server.CreateBackend();
        backend.SecretKey = null;

        var response = await backend.SendAsync(HttpMethod.Get, "v1/users", configure: r => r.Headers.TryAddWithoutValidation("Authorization", header));

        AssertRefused(response, "v1/users", code);
    }

    [Fact]
    public async Task RevokedSecretKey_IsRefusedAtOnce_WhileOtherKeysKeepWorking()
    {
        using var admin = Server.CreateBackend();
        var created = (await admin.PostAsync("v1/secret_keys", new { name = "short-lived" })).EnsureStatus(HttpStatusCode.Created);
        using var temporary = Server.CreateBackend(created.Body.GetProperty("secret").GetString());
        var before = await temporary.GetAsync("v1/users/count");

        (await admin.PostAsync($"v1/secret_keys/{created.Body.GetProperty("id").GetString()}/revoke")).EnsureStatus(HttpStatusCode.OK);
        var after = await temporary.GetAsync("v1/users/count");
        var other = await admin.GetAsync("v1/users/count");

        before.EnsureStatus(HttpStatusCode.OK);
        AssertRefused(after, "v1/users/count", "clerk_key_invalid");
        other.EnsureStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Answers_AreExactlyApplicationJson_AndEchoTheApiVersion()
    {
        using var backend = Server.CreateBackend();

        var ok = await backend.SendAsync(HttpMethod.Get, "v1/users", configure: r => r.Headers.Add("Clerk-API-Version", "2025-04-10"));
        var error = await backend.GetAsync("v1/users/user_doesnotexist");
        var defaulted = await backend.GetAsync("v1/jwks");

        Assert.Equal("application/json", ok.ContentHeaders.ContentType!.ToString());
        Assert.Equal("application/json", error.ContentHeaders.ContentType!.ToString());
        Assert.Equal("2025-04-10", ok.Headers.GetValues("Clerk-API-Version").Single());
        Assert.Equal("2026-05-12", defaulted.Headers.GetValues("Clerk-API-Version").Single());
        Assert.Equal("no-store", ok.Headers.CacheControl!.ToString());
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2026-13-01")]
    public async Task ApiVersion_NotADate_Is400(string version)
    {
        using var backend = Server.CreateBackend();

        var response = await backend.SendAsync(HttpMethod.Get, "v1/users", configure: r => r.Headers.Add("Clerk-API-Version", version));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("api_version_invalid", response.ErrorCode);
    }

    [Fact]
    public async Task RevocationFeed_IsExactlyApplicationJson_AndEchoesTheApiVersion()
    {
        using var backend = Server.CreateBackend();

        var named = await backend.SendAsync(HttpMethod.Get, "v1/sessions/revocations", configure: r => r.Headers.Add("Clerk-API-Version", "2025-04-10"));
        var defaulted = await backend.GetAsync("v1/sessions/revocations");

        named.EnsureStatus(HttpStatusCode.OK);
        Assert.Equal("application/json", named.ContentHeaders.ContentType!.ToString());
        Assert.Equal("2025-04-10", named.Headers.GetValues("Clerk-API-Version").Single());
        Assert.Equal("2026-05-12", defaulted.Headers.GetValues("Clerk-API-Version").Single());
    }

    [Theory]
    [InlineData("v1/sessions/revocations")]
    [InlineData("v1/sessions/revocations/stream")]
    public async Task RevocationFeed_ApiVersionNotADate_Is400Problem(string path)
    {
        using var backend = Server.CreateBackend();

        var response = await backend.SendAsync(HttpMethod.Get, path, configure: r => r.Headers.Add("Clerk-API-Version", "yesterday"));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("application/problem+json", response.ContentHeaders.ContentType!.MediaType);
        Assert.Equal("api_version_invalid", response.Body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Jwks_WithSecretKey_ListsTheKeysOfTheWellKnownDocument()
    {
        using var backend = Server.CreateBackend();
        using var http = new HttpClient { BaseAddress = Server.BaseAddress };

        var jwks = (await backend.GetAsync("v1/jwks")).EnsureStatus(HttpStatusCode.OK);
        var wellKnown = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(".well-known/jwks.json")).RootElement;

        Assert.Equal(
            wellKnown.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()).Order(),
            jwks.Body.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()).Order());
    }

    private static void AssertRefused(ApiResponse response, string path, string code)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        if (IsLatchkeyOnly(path))
        {
            Assert.Equal("application/problem+json", response.ContentHeaders.ContentType!.MediaType);
            Assert.Equal(code, response.Body.GetProperty("code").GetString());
            Assert.Equal(401, response.Body.GetProperty("status").GetInt32());
        }
        else
        {
            Assert.Equal("application/json", response.ContentHeaders.ContentType!.ToString());
            Assert.Equal(code, response.ErrorCode);
        }
    }
}

public sealed class BackendAuthSqliteTests(SqliteServerFixture fixture) : BackendAuthTests<SqliteServerFixture>(fixture);

public sealed class BackendAuthPostgresTests(PostgresServerFixture fixture) : BackendAuthTests<PostgresServerFixture>(fixture);
