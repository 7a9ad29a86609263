using System.Net;
using Latchkey.Server.Tests.Infrastructure;
using Latchkey.Tokens;

namespace Latchkey.Server.Tests.BackendApi;

/// <summary>Instance administration (Latchkey-only): keys, secret keys; errors are RFC 7807 problem details with a code.</summary>
public abstract class InstanceAdminTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    private LatchkeyTestServer Server => fixture.Server;

    private static void AssertProblem(ApiResponse response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.Status);
        Assert.Equal("application/problem+json", response.ContentHeaders.ContentType!.MediaType);
        Assert.Equal(code, response.Body.GetProperty("code").GetString());
        Assert.Equal((int)status, response.Body.GetProperty("status").GetInt32());
        Assert.Equal("urn:latchkey:error:" + code, response.Body.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(response.Body.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task InstanceKeys_PublishableKeyAndPemMatchKeyFileAndJwks()
    {
        using var backend = Server.CreateBackend();
        using var http = new HttpClient { BaseAddress = Server.BaseAddress };

        var keys = (await backend.GetAsync("v1/instance/keys")).EnsureStatus(HttpStatusCode.OK).Body;
        var jwks = VerificationKeySet.FromJwks(await http.GetStringAsync(".well-known/jwks.json"));

        Assert.Equal("instance_keys", keys.GetProperty("object").GetString());
        Assert.Equal(KeyFile.PublishableKey(Server), keys.GetProperty("publishable_key").GetString());
        Assert.Equal(Server.Origin, keys.GetProperty("frontend_api_url").GetString());
        Assert.Equal("development", keys.GetProperty("instance_type").GetString());
        var current = keys.GetProperty("signing_keys").EnumerateArray().Single(k => k.GetProperty("status").GetString() == "current");
        var pem = keys.GetProperty("public_key_pem").GetString()!;
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", pem, StringComparison.Ordinal);
        Assert.Equal(pem, current.GetProperty("public_key_pem").GetString());
        var fromPem = VerificationKey.FromSpkiPem(pem, current.GetProperty("kid").GetString()!);
        Assert.Contains(jwks.Keys, k => k.Kid == fromPem.Kid && k.Thumbprint == fromPem.Thumbprint);
    }

    [Fact]
    public async Task SecretKeys_CreateListUseRevoke_KeyIsShownOnceAndStoredAsHintOnly()
    {
        using var backend = Server.CreateBackend();

        var created = (await backend.PostAsync("v1/secret_keys", new { name = "billing-service" })).EnsureStatus(HttpStatusCode.Created).Body;
        var secret = created.GetProperty("secret").GetString()!;
        var id = created.GetProperty("id").GetString()!;
        using var withNew = Server.CreateBackend(secret);
        var listed = (await withNew.GetAsync("v1/secret_keys")).EnsureStatus(HttpStatusCode.OK);
        var revoked = await backend.PostAsync($"v1/secret_keys/{id}/revoke");
        var revokedAgain = await backend.PostAsync($"v1/secret_keys/{id}/revoke");
        var refused = await withNew.GetAsync("v1/secret_keys");

        Assert.True(SecretKey.IsWellFormed(secret));
        Assert.StartsWith("sk_test_", secret, StringComparison.Ordinal);
        Assert.Equal(secret[..12], created.GetProperty("hint").GetString());
        var entry = listed.Body.EnumerateArray().Single(k => k.GetProperty("id").GetString() == id);
        Assert.Equal("billing-service", entry.GetProperty("name").GetString());
        Assert.True(entry.GetProperty("current").GetBoolean());
        Assert.False(entry.TryGetProperty("secret", out _));
        Assert.DoesNotContain(secret, listed.Text, StringComparison.Ordinal);
        Assert.Contains(listed.Body.EnumerateArray(), k => k.GetProperty("name").GetString() == "bootstrap");
        Assert.True(revoked.EnsureStatus(HttpStatusCode.OK).Body.GetProperty("revoked_at").GetInt64() > 0);
        Assert.Equal(revoked.Body.GetProperty("revoked_at").GetInt64(), revokedAgain.EnsureStatus(HttpStatusCode.OK).Body.GetProperty("revoked_at").GetInt64());
        AssertProblem(refused, HttpStatusCode.Unauthorized, "clerk_key_invalid");
    }

    [Theory]
    [InlineData("""{"name":"a\u0001b"}""", "form_param_format_invalid")]
    [InlineData("""{"name":"0123456789012345678901234567890123456789012345678901234567890123456789"}""", "form_param_exceeds_allowed_size")]
    [InlineData("""{"label":"x"}""", "form_param_unknown")]
    [InlineData("""{"name":""", "request_body_invalid")]
    public async Task CreateSecretKey_BadBody_IsProblemWithCode(string body, string code)
    {
        using var backend = Server.CreateBackend();

        var response = await backend.SendAsync(HttpMethod.Post, "v1/secret_keys", BackendClient.Json(body));

        AssertProblem(response, code == "request_body_invalid" ? HttpStatusCode.BadRequest : HttpStatusCode.UnprocessableEntity, code);
    }

    [Fact]
    public async Task RevokeSecretKey_Unknown_IsProblem404()
    {
        using var backend = Server.CreateBackend();

        var response = await backend.PostAsync("v1/secret_keys/sk_doesnotexist/revoke");

        AssertProblem(response, HttpStatusCode.NotFound, "secret_key_not_found");
    }

    [Fact]
    public async Task RotateSigningKey_WithBody_IsProblem()
    {
        using var backend = Server.CreateBackend();

        var response = await backend.PostAsync("v1/instance/signing_keys/rotate", new { algorithm = "ES256" });

        AssertProblem(response, HttpStatusCode.UnprocessableEntity, "form_param_unknown");
    }
}

public sealed class InstanceAdminSqliteTests(SqliteServerFixture fixture) : InstanceAdminTests<SqliteServerFixture>(fixture);

public sealed class InstanceAdminPostgresTests(PostgresServerFixture fixture) : InstanceAdminTests<PostgresServerFixture>(fixture);
