using System.Net;
using Latchkey.Server.Tests.Infrastructure;

namespace Latchkey.Server.Tests.FrontendApi;

public abstract class TokenTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    private LatchkeyTestServer Server => fixture.Server;

    private static string NewEmail() => $"tok-{Guid.NewGuid():N}@example.com";

    [Fact]
    public async Task MintToken_SignedInSession_ReturnsVerifiableRs256TokenWithClaims()
    {
        using var browser = Server.CreateClient(origin: "http://127.0.0.1:5200");
        var sessionId = await browser.SignUpAsync(NewEmail());

        var response = await browser.PostAsync($"v1/client/sessions/{sessionId}/tokens");

        response.EnsureStatus(HttpStatusCode.OK);
        Assert.Equal("token", response.Body.GetProperty("object").GetString());
        var result = await TokenAssertions.VerifyAsync(Server, response.Body.GetProperty("jwt").GetString()!);
        Assert.True(result.IsValid, result.ToString());
        Assert.Equal("RS256", result.Header!.Algorithm);
        Assert.Equal(sessionId, result.Claims!.SessionId);
        Assert.StartsWith("user_", result.Claims.Subject, StringComparison.Ordinal);
        Assert.Equal(Server.Origin, result.Claims.Issuer);
        Assert.Equal("http://127.0.0.1:5200", result.Claims.AuthorizedParty);
        Assert.Equal(2, result.Claims.Version);
        Assert.Equal("active", result.Claims.SessionStatus);
        Assert.Equal(TimeSpan.FromSeconds(60), result.ExpiresAt - result.IssuedAt);
        Assert.Equal(TimeSpan.FromSeconds(10), result.IssuedAt - result.NotBefore);
    }

    [Fact]
    public async Task MintToken_SignedInSession_AnswersExactJsonWithContentLengthAndApiHeaders()
    {
        using var browser = Server.CreateClient(origin: "http://127.0.0.1:5200");
        var sessionId = await browser.SignUpAsync(NewEmail());

        var response = await browser.PostAsync($"v1/client/sessions/{sessionId}/tokens");

        response.EnsureStatus(HttpStatusCode.OK);
        var jwt = response.Body.GetProperty("jwt").GetString()!;
        Assert.Equal("{\"object\":\"token\",\"jwt\":\"" + jwt + "\"}", response.Text);
        Assert.Equal("application/json; charset=utf-8", response.ContentHeaders.ContentType!.ToString());
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(response.Text), response.ContentHeaders.ContentLength);
        Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("http://127.0.0.1:5200", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal("true", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Credentials")));
    }

    [Fact]
    public async Task MintToken_RightAfterSignOutWhileRefreshesRace_IsRefused()
    {
        // Found by the soak (tests/Latchkey.Load.Tests): a refresh that read the session between
        // the sign-out's cache invalidation and its commit put the still-active state back into
        // the cache, so a refresh right after the acknowledged sign-out got a token.
        using var signup = Server.CreateClient();
        var email = NewEmail();
        await signup.SignUpAsync(email);
        var stale = 0;
        for (var round = 0; round < 15; round++)
        {
            using var browser = Server.CreateClient();
            var sessionId = await browser.SignInAsync(email);
            using var stop = new CancellationTokenSource();
            var racing = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    await browser.PostAsync($"v1/client/sessions/{sessionId}/tokens");
                }
            })).ToArray();
            await Task.Delay(20);

            (await browser.SendAsync(HttpMethod.Delete, "v1/client/sessions")).EnsureStatus(System.Net.HttpStatusCode.OK);
            var after = await browser.PostAsync($"v1/client/sessions/{sessionId}/tokens");

            await stop.CancelAsync();
            await Task.WhenAll(racing);
            stale += after.Status == System.Net.HttpStatusCode.OK ? 1 : 0;
        }

        Assert.Equal(0, stale);
    }

    [Fact]
    public async Task MintToken_OriginNotAllowed_IsRefusedByCsrfCheck()
    {
        using var browser = Server.CreateClient();
        var sessionId = await browser.SignUpAsync(NewEmail());
        browser.Origin = "https://evil.example.net";

        var response = await browser.PostAsync($"v1/client/sessions/{sessionId}/tokens");

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("origin_invalid", response.ErrorCode);
    }

    [Fact]
    public async Task MintToken_NoOriginHeader_OmitsAzp()
    {
        using var browser = Server.CreateClient();
        var sessionId = await browser.SignUpAsync(NewEmail());
        browser.Origin = null;

        var jwt = await browser.MintAsync(sessionId);

        var result = await TokenAssertions.VerifyAsync(Server, jwt);
        Assert.True(result.IsValid, result.ToString());
        Assert.Null(result.Claims!.AuthorizedParty);
    }

    [Fact]
    public async Task MintToken_AfterEnd_IsRefusedWithSessionEnded()
    {
        using var browser = Server.CreateClient();
        var sessionId = await browser.SignUpAsync(NewEmail());

        var ended = await browser.PostAsync($"v1/client/sessions/{sessionId}/end");
        var mint = await browser.PostAsync($"v1/client/sessions/{sessionId}/tokens");

        ended.EnsureStatus(HttpStatusCode.OK);
        Assert.Equal("ended", ended.Response.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, mint.Status);
        Assert.Equal("session_ended", mint.ErrorCode);
        Assert.Equal("0", browser.Cookie("__client_uat"));
    }

    [Fact]
    public async Task MintToken_SessionOfAnotherClient_IsNotFound()
    {
        using var owner = Server.CreateClient();
        var sessionId = await owner.SignUpAsync(NewEmail());
        using var stranger = Server.CreateClient();
        await stranger.SignUpAsync(NewEmail());

        var response = await stranger.PostAsync($"v1/client/sessions/{sessionId}/tokens");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("session_not_found", response.ErrorCode);
    }

    [Theory]
    [InlineData("sess_doesnotexist")]
    [InlineData("sess_%27%20OR%201%3D1--")]
    [InlineData("sess_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task MintToken_UnknownOrMalformedId_IsNotFound(string id)
    {
        using var browser = Server.CreateClient();
        await browser.SignUpAsync(NewEmail());

        var response = await browser.PostAsync($"v1/client/sessions/{id}/tokens");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("session_not_found", response.ErrorCode);
    }

    [Fact]
    public async Task MintToken_NulInPath_IsRejectedAsBadRequest()
    {
        using var browser = Server.CreateClient();

        var response = await browser.PostAsync("v1/client/sessions/%00/tokens");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
    }

    [Fact]
    public async Task MintToken_WithoutClient_IsUnauthorized()
    {
        using var browser = Server.CreateClient();

        var response = await browser.PostAsync("v1/client/sessions/sess_x/tokens");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("authentication_invalid", response.ErrorCode);
    }

    [Fact]
    public async Task MintTemplateToken_AnyTemplate_ReturnsTemplateNotFound()
    {
        using var browser = Server.CreateClient();
        var sessionId = await browser.SignUpAsync(NewEmail());

        var response = await browser.PostAsync($"v1/client/sessions/{sessionId}/tokens/supabase");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("template_not_found", response.ErrorCode);
    }

    [Fact]
    public async Task Jwks_ListsTheSigningKey()
    {
        using var http = new HttpClient { BaseAddress = Server.BaseAddress };

        var jwks = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(".well-known/jwks.json")).RootElement;

        var key = Assert.Single(jwks.GetProperty("keys").EnumerateArray());
        Assert.Equal("RSA", key.GetProperty("kty").GetString());
        Assert.Equal("RS256", key.GetProperty("alg").GetString());
        Assert.Equal("sig", key.GetProperty("use").GetString());
        Assert.StartsWith("ins_", key.GetProperty("kid").GetString(), StringComparison.Ordinal);
        Assert.False(key.TryGetProperty("d", out _));
    }
}

public sealed class TokenSqliteTests(SqliteServerFixture fixture) : TokenTests<SqliteServerFixture>(fixture);

public sealed class TokenPostgresTests(PostgresServerFixture fixture) : TokenTests<PostgresServerFixture>(fixture);
