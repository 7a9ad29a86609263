using System.Net;
using System.Text.Json;
using Latchkey.Server.Tests.Infrastructure;

namespace Latchkey.Server.Tests.OpenApi;

/// <summary>The server serves an OpenAPI document describing the Frontend and Backend APIs.</summary>
public sealed class OpenApiDocumentTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private async Task<JsonElement> DocumentAsync()
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.BaseAddress };
        using var response = await http.GetAsync("openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static JsonElement Operation(JsonElement document, string path, string method) =>
        document.GetProperty("paths").GetProperty(path).GetProperty(method);

    [Theory]
    [InlineData("/v1/users", "get", "ListUsers")]
    [InlineData("/v1/users", "post", "CreateUser")]
    [InlineData("/v1/users/count", "get", "CountUsers")]
    [InlineData("/v1/users/{id}", "patch", "UpdateUser")]
    [InlineData("/v1/users/{id}/metadata", "put", "ReplaceUserMetadata")]
    [InlineData("/v1/sessions", "get", "ListSessions")]
    [InlineData("/v1/sessions/{id}/revoke", "post", "RevokeSession")]
    [InlineData("/v1/sessions/{id}/tokens", "post", "CreateSessionToken")]
    [InlineData("/v1/sessions/revocations", "get", "ListSessionRevocations")]
    [InlineData("/v1/sessions/revocations/stream", "get", "StreamSessionRevocations")]
    [InlineData("/v1/jwks", "get", "GetJwks")]
    [InlineData("/v1/clients/handshake_payload", "get", "GetHandshakePayload")]
    [InlineData("/v1/instance/signing_keys/rotate", "post", "RotateSigningKey")]
    [InlineData("/v1/secret_keys", "post", "CreateSecretKey")]
    [InlineData("/v1/client/sign_ins", "post", "CreateSignIn")]
    [InlineData("/v1/client/sessions/{id}/tokens", "post", "CreateClientSessionToken")]
    [InlineData("/v1/client/handshake", "get", "Handshake")]
    [InlineData("/.well-known/jwks.json", "get", "GetWellKnownJwks")]
    public async Task Document_DescribesEveryApi_WithOperationIdsAndSummaries(string path, string method, string operationId)
    {
        var document = await DocumentAsync();

        var operation = Operation(document, path, method);

        Assert.Equal(operationId, operation.GetProperty("operationId").GetString());
        Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()));
        Assert.True(operation.GetProperty("responses").EnumerateObject().Any());
    }

    [Fact]
    public async Task Document_BackendOperationsRequireTheSecretKey_FrontendOperationsDoNot()
    {
        var document = await DocumentAsync();

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("secretKey");
        var createUser = Operation(document, "/v1/users", "post");
        var signIn = Operation(document, "/v1/client/sign_ins", "post");

        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.True(createUser.GetProperty("security")[0].TryGetProperty("secretKey", out _));
        Assert.False(signIn.TryGetProperty("security", out _));
        Assert.Equal("Latchkey server", document.GetProperty("info").GetProperty("title").GetString());
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/sessions/revocations", "application/json")]
    [InlineData("/v1/sessions/revocations/stream", "text/event-stream")]
    public async Task Document_RevocationFeed_RequiresTheSecretKey_AndAnswersProblemDetails(string path, string contentType)
    {
        var document = await DocumentAsync();

        var operation = Operation(document, path, "get");
        var responses = operation.GetProperty("responses");

        Assert.True(operation.GetProperty("security")[0].TryGetProperty("secretKey", out _));
        Assert.Equal("Revocation feed (Latchkey)", operation.GetProperty("tags")[0].GetString());
        Assert.True(responses.GetProperty("200").GetProperty("content").TryGetProperty(contentType, out _));
        Assert.True(responses.GetProperty("400").GetProperty("content").TryGetProperty("application/problem+json", out _));
        Assert.True(responses.GetProperty("401").GetProperty("content").TryGetProperty("application/problem+json", out _));
    }

    [Fact]
    public async Task Document_UserSchemaHasTheClerkFieldNames_AndNoDevelopmentRoutes()
    {
        var document = await DocumentAsync();

        var user = document.GetProperty("components").GetProperty("schemas").GetProperty("BackendUserJson").GetProperty("properties");

        foreach (var name in new[] { "id", "email_addresses", "primary_email_address_id", "public_metadata", "private_metadata", "banned", "locked", "created_at" })
        {
            Assert.True(user.TryGetProperty(name, out _), name);
        }

        Assert.DoesNotContain(document.GetProperty("paths").EnumerateObject(), p => p.Name.StartsWith("/dev/", StringComparison.Ordinal));
        var client = Operation(document, "/v1/client", "get").GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString();
        var error = Operation(document, "/v1/users", "get").GetProperty("responses").GetProperty("401").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString();
        Assert.Equal("#/components/schemas/EnvelopeJson", client);
        Assert.Equal("#/components/schemas/ErrorEnvelope", error);
        Assert.True(document.GetProperty("components").GetProperty("schemas").GetProperty("EnvelopeJson").GetProperty("properties").TryGetProperty("client", out _));
    }
}
