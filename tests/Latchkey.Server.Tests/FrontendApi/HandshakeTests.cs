using System.Net;
using System.Text.Json;
using Latchkey.Server.Tests.Infrastructure;
using Latchkey.Tokens;
using Microsoft.AspNetCore.WebUtilities;

namespace Latchkey.Server.Tests.FrontendApi;

public abstract class HandshakeTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    private const string App = "http://127.0.0.1:5200";

    private LatchkeyTestServer Server => fixture.Server;

    private static string NewEmail() => $"hs-{Guid.NewGuid():N}@example.com";

    private static string HandshakePath(string redirect, string? devBrowser = null, bool suffixed = true) =>
        QueryHelpers.AddQueryString("v1/client/handshake", new Dictionary<string, string?>
        {
            ["redirect_url"] = redirect,
            ["format"] = "nonce",
            ["suffixed_cookies"] = suffixed ? "true" : "false",
            ["__clerk_hs_reason"] = "session-token-expired-refresh-non-eligible-no-refresh-cookie",
            ["__clerk_db_jwt"] = devBrowser,
        });

    private async Task<ApiResponse> RedeemAsync(string nonce, string? secretKey = null)
    {
        using var http = new HttpClient { BaseAddress = Server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/clients/handshake_payload?nonce=" + Uri.EscapeDataString(nonce));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secretKey ?? KeyFile.SecretKey(Server));
        using var response = await http.SendAsync(request);
        return new ApiResponse(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers, response.Content.Headers);
    }

    private static string NonceFrom(ApiResponse redirect)
    {
        var location = redirect.Headers.Location!;
        return QueryHelpers.ParseQuery(location.Query)["__clerk_handshake_nonce"].ToString();
    }

    [Fact]
    public async Task Handshake_SignedIn_RedirectsWithNonceWhosePayloadHoldsFreshCookies()
    {
        using var browser = Server.CreateClient();
        var sessionId = await browser.SignUpAsync(NewEmail());
        browser.Origin = App;
        var devBrowser = (await browser.PostAsync("v1/dev_browser")).EnsureStatus(HttpStatusCode.OK).Body.GetProperty("id").GetString()!;

        var redirect = await browser.GetAsync(HandshakePath(App + "/dashboard?tab=2#top", devBrowser));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirect.Status);
        Assert.Equal("no-store", redirect.Headers.CacheControl!.ToString());
        var location = redirect.Headers.Location!;
        Assert.StartsWith(App + "/dashboard?tab=2&__clerk_handshake_nonce=", location.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("#top", location.ToString(), StringComparison.Ordinal);
        var payload = (await RedeemAsync(NonceFrom(redirect))).EnsureStatus(HttpStatusCode.OK);
        var directives = payload.Body.GetProperty("directives").EnumerateArray().Select(d => d.GetString()!).ToList();
        var suffix = PublishableKey.ComputeCookieSuffix(KeyFile.PublishableKey(Server));
        var session = directives.Single(d => d.StartsWith("__session=", StringComparison.Ordinal));
        Assert.Contains(directives, d => d.StartsWith($"__session_{suffix}=ey", StringComparison.Ordinal));
        Assert.Contains(directives, d => d.StartsWith($"__client_uat_{suffix}=", StringComparison.Ordinal) && !d.StartsWith($"__client_uat_{suffix}=0", StringComparison.Ordinal));
        Assert.Contains(directives, d => d.StartsWith($"__clerk_db_jwt={devBrowser}", StringComparison.Ordinal));
        var jwt = session["__session=".Length..session.IndexOf(';', StringComparison.Ordinal)];
        var verified = await TokenAssertions.VerifyAsync(Server, jwt);
        Assert.True(verified.IsValid, verified.ToString());
        Assert.Equal(sessionId, verified.Claims!.SessionId);
        Assert.Equal(App, verified.Claims.AuthorizedParty);
    }

    [Fact]
    public async Task HandshakePayload_SecondRedemption_IsRefused()
    {
        using var browser = Server.CreateClient();
        var redirect = await browser.GetAsync(HandshakePath(App + "/"));
        var nonce = NonceFrom(redirect);

        var first = await RedeemAsync(nonce);
        var second = await RedeemAsync(nonce);

        first.EnsureStatus(HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NotFound, second.Status);
        Assert.Equal("handshake_nonce_invalid", second.ErrorCode);
    }

    [Fact]
    public async Task Handshake_SignedOut_DeletesSessionAndZeroesUat()
    {
        using var browser = Server.CreateClient();

        var redirect = await browser.GetAsync(HandshakePath(App + "/", suffixed: false));
        var directives = (await RedeemAsync(NonceFrom(redirect))).EnsureStatus(HttpStatusCode.OK)
            .Body.GetProperty("directives").EnumerateArray().Select(d => d.GetString()!).ToList();

        Assert.Equal(2, directives.Count);
        Assert.Contains(directives, d => d.StartsWith("__client_uat=0;", StringComparison.Ordinal));
        Assert.Contains(directives, d => d.StartsWith("__session=;", StringComparison.Ordinal) && d.Contains("Max-Age=0", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://evil.example.net/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("JAVASCRIPT://127.0.0.1:5200/%0Aalert(1)")]
    [InlineData("//evil.example.net/")]
    [InlineData("/relative/path")]
    [InlineData("http://127.0.0.1:5200\\@evil.example.net/")]
    [InlineData("http:\\\\evil.example.net")]
    [InlineData("http://user:pass@127.0.0.1:5200/")]
    [InlineData("http://evil.example.net@127.0.0.1:5200/")]
    [InlineData("http://127.0.0.1:5200%40evil.example.net/")]
    [InlineData("http://127.0.0.1%3A5200/")]
    [InlineData("http://127.0.0.1:5200 /")]
    [InlineData("data:text/html,hi")]
    [InlineData("http://localhost:5200/")]
    [InlineData("")]
    public async Task Handshake_BadRedirectUrl_IsRefused(string redirect)
    {
        using var browser = Server.CreateClient();

        var response = await browser.GetAsync(HandshakePath(redirect));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("redirect_url_invalid", response.ErrorCode);
        Assert.Null(response.Headers.Location);
    }

    private static string LegacyPath(string redirect, string? devBrowser = null, bool suffixed = true) =>
        QueryHelpers.AddQueryString("v1/client/handshake", new Dictionary<string, string?>
        {
            ["redirect_url"] = redirect,
            ["suffixed_cookies"] = suffixed ? "true" : "false",
            ["__clerk_db_jwt"] = devBrowser,
        });

    /// <summary>Verifies a legacy payload's signature against the server's published JWKS and returns its claims.</summary>
    private async Task<(TokenVerificationResult Signature, JsonElement Claims)> OpenPayloadAsync(string jws)
    {
        using var http = new HttpClient { BaseAddress = Server.BaseAddress };
        var keys = VerificationKeySet.FromJwks(await http.GetStringAsync(".well-known/jwks.json"));
        var signature = new TokenVerifier(new TokenValidationOptions { ValidateIssuer = false }).VerifySignature(jws, keys);
        var claims = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(jws.Split('.')[1])).RootElement.Clone();
        return (signature, claims);
    }

    [Fact]
    public async Task Handshake_LegacyFormatSignedIn_RedirectsWithSignedPayloadOfFreshCookies()
    {
        using var browser = Server.CreateClient();
        var sessionId = await browser.SignUpAsync(NewEmail());
        browser.Origin = App;
        var devBrowser = (await browser.PostAsync("v1/dev_browser")).EnsureStatus(HttpStatusCode.OK).Body.GetProperty("id").GetString()!;

        var redirect = await browser.GetAsync(LegacyPath(App + "/dashboard?tab=2#top", devBrowser));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirect.Status);
        Assert.Equal("no-store", redirect.Headers.CacheControl!.ToString());
        var location = redirect.Headers.Location!.ToString();
        Assert.StartsWith(App + "/dashboard?tab=2&__clerk_handshake=ey", location, StringComparison.Ordinal);
        Assert.EndsWith("#top", location, StringComparison.Ordinal);
        var jws = QueryHelpers.ParseQuery(redirect.Headers.Location!.Query)["__clerk_handshake"].ToString();
        var (signature, claims) = await OpenPayloadAsync(jws);
        Assert.True(signature.IsValid, signature.ToString());
        Assert.Equal(TokenCategories.Session, signature.Header!.Category);
        Assert.Equal(claims.GetProperty("iat").GetInt64() + 60, claims.GetProperty("exp").GetInt64());
        Assert.False(claims.TryGetProperty("sub", out _));
        var directives = claims.GetProperty("handshake").EnumerateArray().Select(d => d.GetString()!).ToList();
        var suffix = PublishableKey.ComputeCookieSuffix(KeyFile.PublishableKey(Server));
        Assert.Contains(directives, d => d.StartsWith($"__session_{suffix}=ey", StringComparison.Ordinal));
        Assert.Contains(directives, d => d.StartsWith($"__clerk_db_jwt={devBrowser}", StringComparison.Ordinal));
        Assert.DoesNotContain(directives, d => d.StartsWith("__clerk_handshake", StringComparison.Ordinal));
        var session = directives.Single(d => d.StartsWith("__session=", StringComparison.Ordinal));
        var verified = await TokenAssertions.VerifyAsync(Server, session["__session=".Length..session.IndexOf(';', StringComparison.Ordinal)]);
        Assert.True(verified.IsValid, verified.ToString());
        Assert.Equal(sessionId, verified.Claims!.SessionId);
        Assert.Equal(App, verified.Claims.AuthorizedParty);
        // The payload itself is never a session token.
        Assert.False((await TokenAssertions.VerifyAsync(Server, jws)).IsValid);
    }

    [Fact]
    public async Task Handshake_LegacyFormatSignedOut_PayloadDeletesSessionAndZeroesUat()
    {
        using var browser = Server.CreateClient();

        var redirect = await browser.GetAsync(LegacyPath(App + "/", suffixed: false));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirect.Status);
        var (signature, claims) = await OpenPayloadAsync(QueryHelpers.ParseQuery(redirect.Headers.Location!.Query)["__clerk_handshake"].ToString());
        Assert.True(signature.IsValid, signature.ToString());
        var directives = claims.GetProperty("handshake").EnumerateArray().Select(d => d.GetString()!).ToList();
        Assert.Equal(2, directives.Count);
        Assert.Contains(directives, d => d.StartsWith("__client_uat=0;", StringComparison.Ordinal));
        Assert.Contains(directives, d => d.StartsWith("__session=;", StringComparison.Ordinal) && d.Contains("Max-Age=0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Handshake_LegacyFormatBadRedirect_IsRefusedWithoutPayload()
    {
        using var browser = Server.CreateClient();

        var response = await browser.GetAsync(LegacyPath("https://evil.example.net/"));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("redirect_url_invalid", response.ErrorCode);
        Assert.Null(response.Headers.Location);
    }

    [Theory]
    [InlineData("token")]
    [InlineData("")]
    [InlineData("NONCE")]
    public async Task Handshake_UnknownFormat_IsRefusedWithTypedError(string format)
    {
        using var browser = Server.CreateClient();

        var response = await browser.GetAsync("v1/client/handshake?format=" + format + "&redirect_url=" + Uri.EscapeDataString(App + "/"));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("handshake_format_unsupported", response.ErrorCode);
    }

    [Fact]
    public async Task Handshake_ProductionLegacyFormat_PayloadCookieOnCookieDomainThatDeletesItself()
    {
        await using var server = await LatchkeyTestServer.StartAsync(fixture.Kind, LatchkeyTestServer.ProductionSettings());
        using var browser = server.CreateClient();

        var redirect = await browser.GetAsync(LegacyPath("https://app.example.com/home", suffixed: false));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirect.Status);
        Assert.Equal("https://app.example.com/home", redirect.Headers.Location!.ToString());
        var cookie = Assert.Single(redirect.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__clerk_handshake=", StringComparison.Ordinal));
        Assert.Contains("domain=example.com", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("max-age=60", cookie, StringComparison.OrdinalIgnoreCase);
        var jws = cookie["__clerk_handshake=".Length..cookie.IndexOf(';', StringComparison.Ordinal)];
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var keys = VerificationKeySet.FromJwks(await http.GetStringAsync(".well-known/jwks.json"));
        Assert.True(new TokenVerifier(new TokenValidationOptions { ValidateIssuer = false }).VerifySignature(jws, keys).IsValid);
        var directives = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(jws.Split('.')[1])).RootElement
            .GetProperty("handshake").EnumerateArray().Select(d => d.GetString()!).ToList();
        Assert.Contains(directives, d => d.StartsWith("__clerk_handshake=;", StringComparison.Ordinal) && d.Contains("Domain=example.com", StringComparison.Ordinal) && d.Contains("Max-Age=0", StringComparison.Ordinal));
        Assert.DoesNotContain(directives, d => d.StartsWith("__clerk_handshake_nonce", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, "authentication_invalid")]
    [InlineData("sk_test_wrongwrongwrongwrongwrongwrongwrongwrong", "clerk_key_invalid")]
    [InlineData("pk_test_notasecret", "clerk_key_invalid")]
    public async Task HandshakePayload_WithoutLiveSecretKey_IsUnauthorized(string? key, string code)
    {
        using var browser = Server.CreateClient();
        var nonce = NonceFrom(await browser.GetAsync(HandshakePath(App + "/")));
        using var http = new HttpClient { BaseAddress = Server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/clients/handshake_payload?nonce=" + nonce);
        if (key is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(code, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors")[0].GetProperty("code").GetString());
        // The nonce was not spent by the refused call.
        (await RedeemAsync(nonce)).EnsureStatus(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task HandshakePayload_MalformedOrUnknownNonce_IsClearError(string nonce)
    {
        var response = await RedeemAsync(nonce);

        Assert.True(response.Status is HttpStatusCode.UnprocessableEntity or HttpStatusCode.NotFound, response.Text);
        Assert.Contains(response.ErrorCode, new[] { "form_param_missing", "form_param_format_invalid", "handshake_nonce_invalid" });
    }
}

public sealed class HandshakeSqliteTests(SqliteServerFixture fixture) : HandshakeTests<SqliteServerFixture>(fixture);

public sealed class HandshakePostgresTests(PostgresServerFixture fixture) : HandshakeTests<PostgresServerFixture>(fixture);
