using System.Net;
using Latchkey.Server.Tests.Infrastructure;

namespace Latchkey.Server.Tests.BackendApi;

/// <summary>Backend API sessions: list with filters and pages, get, create, revoke, mint.</summary>
public abstract class SessionApiTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    private LatchkeyTestServer Server => fixture.Server;

    private static string NewEmail() => $"sess-{Guid.NewGuid():N}@example.com";

    private static string[] Ids(ApiResponse response) =>
        [.. response.EnsureStatus(HttpStatusCode.OK).Body.EnumerateArray().Select(s => s.GetProperty("id").GetString()!)];

    [Fact]
    public async Task CreateSession_ForUser_ReturnsActiveSessionThatMintsVerifiableTokens()
    {
        using var backend = Server.CreateBackend();
        var userId = await backend.CreateUserAsync(NewEmail());

        var created = (await backend.PostAsync("v1/sessions", new { user_id = userId })).EnsureStatus(HttpStatusCode.OK);
        var sessionId = created.Body.GetProperty("id").GetString()!;
        var token = (await backend.PostAsync($"v1/sessions/{sessionId}/tokens")).EnsureStatus(HttpStatusCode.OK);

        Assert.Equal("session", created.Body.GetProperty("object").GetString());
        Assert.Equal("active", created.Body.GetProperty("status").GetString());
        Assert.Equal(userId, created.Body.GetProperty("user_id").GetString());
        Assert.StartsWith("client_", created.Body.GetProperty("client_id").GetString(), StringComparison.Ordinal);
        Assert.True(created.Body.GetProperty("expire_at").GetInt64() > created.Body.GetProperty("created_at").GetInt64());
        Assert.Equal("token", token.Body.GetProperty("object").GetString());
        var result = await TokenAssertions.VerifyAsync(Server, token.Body.GetProperty("jwt").GetString()!);
        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(sessionId, result.Claims!.SessionId);
        Assert.Equal(userId, result.Claims.Subject);
        Assert.Null(result.Claims.AuthorizedParty);
        Assert.Equal(TimeSpan.FromSeconds(60), result.ExpiresAt - result.IssuedAt);
    }

    [Fact]
    public async Task MintToken_ExpiresInSeconds_WithinLimitIsHonoured_BeyondIsRefused()
    {
        using var backend = Server.CreateBackend();
        var userId = await backend.CreateUserAsync(NewEmail());
        var sessionId = (await backend.PostAsync("v1/sessions", new { user_id = userId })).Body.GetProperty("id").GetString()!;

        var longer = (await backend.PostAsync($"v1/sessions/{sessionId}/tokens", new { expires_in_seconds = 600 })).EnsureStatus(HttpStatusCode.OK);
        var tooLong = await backend.PostAsync($"v1/sessions/{sessionId}/tokens", new { expires_in_seconds = 601 });
        var zero = await backend.PostAsync($"v1/sessions/{sessionId}/tokens", new { expires_in_seconds = 0 });
        var text = await backend.PostAsync($"v1/sessions/{sessionId}/tokens", new { expires_in_seconds = "60" });
        var unknown = await backend.PostAsync($"v1/sessions/{sessionId}/tokens", new { organization_id = "org_1" });

        var result = await TokenAssertions.VerifyAsync(Server, longer.Body.GetProperty("jwt").GetString()!);
        Assert.Equal(TimeSpan.FromSeconds(600), result.ExpiresAt - result.IssuedAt);
        Assert.Equal("form_param_value_invalid", tooLong.ErrorCode);
        Assert.Equal("form_param_value_invalid", zero.ErrorCode);
        Assert.Equal("form_param_format_invalid", text.ErrorCode);
        Assert.Equal("form_param_unknown", unknown.ErrorCode);
    }

    [Fact]
    public async Task RevokeSession_RefusesTheNextMint_InBrowserAndBackend()
    {
        using var backend = Server.CreateBackend();
        var email = NewEmail();
        await backend.CreateUserAsync(email);
        using var browser = Server.CreateClient();
        var sessionId = await browser.SignInAsync(email);
        await browser.MintAsync(sessionId);

        var revoked = await backend.PostAsync($"v1/sessions/{sessionId}/revoke");
        var browserMint = await browser.PostAsync($"v1/client/sessions/{sessionId}/tokens");
        var backendMint = await backend.PostAsync($"v1/sessions/{sessionId}/tokens");
        var again = await backend.PostAsync($"v1/sessions/{sessionId}/revoke");
        var client = await browser.GetAsync("v1/client");

        Assert.Equal("revoked", revoked.EnsureStatus(HttpStatusCode.OK).Body.GetProperty("status").GetString());
        Assert.Equal("session_revoked", browserMint.ErrorCode);
        Assert.Equal("session_revoked", backendMint.ErrorCode);
        Assert.Equal("revoked", again.EnsureStatus(HttpStatusCode.OK).Body.GetProperty("status").GetString());
        Assert.Equal(0, client.Client.GetProperty("sessions").GetArrayLength());
    }

    [Fact]
    public async Task RevokeSession_AlreadyEnded_KeepsItsStatus()
    {
        using var backend = Server.CreateBackend();
        var email = NewEmail();
        await backend.CreateUserAsync(email);
        using var browser = Server.CreateClient();
        var sessionId = await browser.SignInAsync(email);
        await browser.PostAsync($"v1/client/sessions/{sessionId}/end");

        var response = await backend.PostAsync($"v1/sessions/{sessionId}/revoke");

        Assert.Equal("ended", response.EnsureStatus(HttpStatusCode.OK).Body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ListSessions_FiltersByUserClientAndStatus_PaginatedAnswerHasTotal()
    {
        using var backend = Server.CreateBackend();
        var userId = await backend.CreateUserAsync(NewEmail());
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await backend.PostAsync("v1/sessions", new { user_id = userId })).Body.GetProperty("id").GetString()!);
            await Task.Delay(5);
        }

        await backend.PostAsync($"v1/sessions/{ids[0]}/revoke");
        var clientId = (await backend.GetAsync($"v1/sessions/{ids[1]}")).Body.GetProperty("client_id").GetString();

        var byUser = await backend.GetAsync($"v1/sessions?user_id={userId}");
        var active = await backend.GetAsync($"v1/sessions?user_id={userId}&status=active");
        var revoked = await backend.GetAsync($"v1/sessions?user_id={userId}&status=revoked");
        var byClient = await backend.GetAsync($"v1/sessions?client_id={clientId}");
        var page = (await backend.GetAsync($"v1/sessions?user_id={userId}&paginated=true&limit=1&offset=1")).EnsureStatus(HttpStatusCode.OK);
        var pending = await backend.GetAsync($"v1/sessions?user_id={userId}&status=pending");

        Assert.Equal([ids[2], ids[1], ids[0]], Ids(byUser));
        Assert.Equal([ids[2], ids[1]], Ids(active));
        Assert.Equal([ids[0]], Ids(revoked));
        Assert.Equal([ids[1]], Ids(byClient));
        Assert.Equal(3, page.Body.GetProperty("total_count").GetInt64());
        Assert.Equal(ids[1], page.Body.GetProperty("data")[0].GetProperty("id").GetString());
        Assert.Empty(Ids(pending));
    }

    [Theory]
    [InlineData("status=sleeping", "form_param_value_invalid")]
    [InlineData("limit=0", "form_param_value_invalid")]
    [InlineData("limit=501", "form_param_value_invalid")]
    [InlineData("offset=x", "form_param_value_invalid")]
    [InlineData("user=user_1", "form_param_unknown")]
    [InlineData("user_id=a&user_id=b", "form_param_format_invalid")]
    public async Task ListSessions_BadParameters_Are422(string query, string code)
    {
        using var backend = Server.CreateBackend();

        var response = await backend.GetAsync("v1/sessions?" + query);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Assert.Equal(code, response.ErrorCode);
    }

    [Theory]
    [InlineData("sess_doesnotexist")]
    [InlineData("sess_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task UnknownSession_GetRevokeMint_Are404ResourceNotFound(string id)
    {
        using var backend = Server.CreateBackend();

        var answers = new[]
        {
            await backend.GetAsync($"v1/sessions/{id}"),
            await backend.PostAsync($"v1/sessions/{id}/revoke"),
            await backend.PostAsync($"v1/sessions/{id}/tokens"),
        };

        Assert.All(answers, a =>
        {
            Assert.Equal(HttpStatusCode.NotFound, a.Status);
            Assert.Equal("resource_not_found", a.ErrorCode);
        });
    }

    [Fact]
    public async Task CreateSession_BadBodies_AreClearErrors()
    {
        using var backend = Server.CreateBackend();

        var missing = await backend.PostAsync("v1/sessions", new { });
        var unknownUser = await backend.PostAsync("v1/sessions", new { user_id = "user_nobody" });
        var wrongType = await backend.PostAsync("v1/sessions", new { user_id = 42 });
        var malformed = await backend.SendAsync(HttpMethod.Post, "v1/sessions", BackendClient.Json("{\"user_id\":"));

        Assert.Equal("form_param_missing", missing.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownUser.Status);
        Assert.Equal("form_param_format_invalid", wrongType.ErrorCode);
        Assert.Equal("request_body_invalid", malformed.ErrorCode);
    }

    [Fact]
    public async Task MintTemplateToken_IsTypedNotFound()
    {
        using var backend = Server.CreateBackend();
        var userId = await backend.CreateUserAsync(NewEmail());
        var sessionId = (await backend.PostAsync("v1/sessions", new { user_id = userId })).Body.GetProperty("id").GetString()!;

        var response = await backend.PostAsync($"v1/sessions/{sessionId}/tokens/supabase");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("template_not_found", response.ErrorCode);
    }
}

public sealed class SessionApiSqliteTests(SqliteServerFixture fixture) : SessionApiTests<SqliteServerFixture>(fixture);

public sealed class SessionApiPostgresTests(PostgresServerFixture fixture) : SessionApiTests<PostgresServerFixture>(fixture);
