using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Latchkey.Server.Tests.Infrastructure;

namespace Latchkey.Server.Tests.BackendApi;

/// <summary>
/// <c>GET /v1/jwks</c>: where a backend holding the secret key (Latchkey.AspNetCore with
/// <c>SecretKey</c> set, Clerk's backend SDKs) fetches the signing keys. It publishes the same
/// key set as <c>/.well-known/jwks.json</c>, to secret-key holders only.
/// </summary>
public abstract class JwksApiTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    private LatchkeyTestServer Server => fixture.Server;

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string path, string? secretKey)
    {
        using var http = new HttpClient { BaseAddress = Server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (secretKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secretKey);
        }

        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GetJwks_WithSecretKey_AnswersThePublicKeySet()
    {
        var (status, body) = await GetAsync("v1/jwks", KeyFile.SecretKey(Server));
        var (_, wellKnown) = await GetAsync(".well-known/jwks.json", null);

        Assert.Equal(HttpStatusCode.OK, status);
        var keys = JsonDocument.Parse(body).RootElement.GetProperty("keys");
        Assert.True(keys.GetArrayLength() >= 1);
        Assert.Equal("RSA", keys[0].GetProperty("kty").GetString());
        Assert.False(keys[0].TryGetProperty("d", out _), "no private part");
        Assert.Equal(JsonDocument.Parse(wellKnown).RootElement.GetProperty("keys").ToString(), keys.ToString());
    }

    [Theory]
    [InlineData(null, "authentication_invalid")]
    [InlineData("sk_test_not-a-key-of-this-instance", "clerk_key_invalid")]
    public async Task GetJwks_WithoutLiveSecretKey_Answers401WithTheProtocolCode(string? secretKey, string expectedCode)
    {
        var (status, body) = await GetAsync("v1/jwks", secretKey);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(expectedCode, JsonDocument.Parse(body).RootElement.GetProperty("errors")[0].GetProperty("code").GetString());
    }
}

public sealed class JwksApiSqliteTests(SqliteServerFixture fixture) : JwksApiTests<SqliteServerFixture>(fixture);

public sealed class JwksApiPostgresTests(PostgresServerFixture fixture) : JwksApiTests<PostgresServerFixture>(fixture);
