using System.Text.Json;
using Latchkey.AspNetCore.Tests.Infrastructure;

namespace Latchkey.AspNetCore.Tests.Classification;

/// <summary>
/// Paths that call the Backend API, against a fake Backend API on Kestrel (127.0.0.1): handshake
/// resolution (C1, §6.4), refresh (§5.9), machine tokens (§4.5). The Latchkey server does not
/// offer refresh or machine tokens yet, so the fake stands in for that peer.
/// </summary>
public sealed class BackendApiPathTests : IAsyncLifetime
{
    private FakeBackendApi _api = null!;

    public async Task InitializeAsync() => _api = await FakeBackendApi.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private Harness Create(bool production = true, Action<LatchkeyAuthenticationOptions>? configure = null) =>
        new(production, o => { o.ApiUrl = _api.Url; configure?.Invoke(o); });

    [Fact]
    [Covers("C1")]
    public async Task Classify_ProductionNonceCookie_SignedInWithDirectivesAsSetCookie()
    {
        using var h = Create();
        var token = h.Token();
        _api.Nonces["n1"] = [$"__session={token}; Path=/", $"__client_uat={h.NowSeconds}; Path=/; Max-Age=315360000"];
        var state = await h.NavigateAsync("__clerk_handshake_nonce=n1");
        Assert.Equal(LatchkeyAuthStatus.SignedIn, state.Status);
        Assert.Equal(token, state.Token);
        Assert.Equal(2, state.Headers.Count(x => x.Key == "Set-Cookie"));
        Assert.Null(state.Location);
        Assert.Contains(_api.Requests, r => r.Path == "/v1/clients/handshake_payload?nonce=n1" && r.Authorization == "Bearer " + h.Options.SecretKey);
    }

    [Fact]
    [Covers("C1")]
    public async Task Classify_DevelopmentNonceInQuery_CleanupRedirectSignedIn()
    {
        using var h = Create(production: false);
        _api.Nonces["n2"] = [$"__session={h.Token()}; Path=/"];
        var state = await h.NavigateAsync("", "/page?a=1&__clerk_handshake_nonce=n2&__clerk_db_jwt=x");
        Assert.Equal(LatchkeyAuthStatus.SignedIn, state.Status);
        Assert.Equal("http://127.0.0.1:5200/page?a=1", state.Location);
        Assert.Equal("no-store", state.GetHeader("Cache-Control"));
    }

    [Fact]
    [Covers("C1", "session-token-missing")]
    public async Task Classify_NonceWithoutSessionDirective_SignedOutSessionTokenMissing()
    {
        using var h = Create();
        _api.Nonces["n3"] = ["__client_uat=0; Path=/"];
        var state = await h.NavigateAsync("__clerk_handshake_nonce=n3");
        Assert.Equal("session-token-missing", state.Reason);
        Assert.Single(state.Headers, x => x.Key == "Set-Cookie");
    }

    [Fact]
    [Covers("C1")]
    public async Task Classify_UnknownNonce_SignedOutSessionTokenMissing()
    {
        using var h = Create();
        Assert.Equal("session-token-missing", (await h.NavigateAsync("__clerk_handshake_nonce=unknown")).Reason);
    }

    [Fact]
    [Covers("C1")]
    public async Task Classify_DirectiveWithLineBreak_Dropped()
    {
        using var h = Create();
        _api.Nonces["n4"] = ["__client_uat=0\r\nX-Evil: 1", $"__session={h.Token()}"];
        var state = await h.NavigateAsync("__clerk_handshake_nonce=n4");
        Assert.True(state.IsSignedIn);
        Assert.DoesNotContain(state.Headers, x => x.Value.Contains('\n'));
    }

    [Fact]
    [Covers("C1")]
    public async Task Classify_LegacySignedHandshakePayload_SignedIn()
    {
        using var h = Create(production: false);
        var token = h.Token();
        var payload = new Dictionary<string, object?> { ["handshake"] = new[] { $"__session={token}; Path=/" } };
        var handshake = h.HandBuilt(h.Header(), payload);
        var state = await h.NavigateAsync("", "/?__clerk_handshake=" + handshake);
        Assert.Equal(LatchkeyAuthStatus.SignedIn, state.Status);
        Assert.Equal("http://127.0.0.1:5200/", state.Location);
    }

    [Fact]
    [Covers("C1")]
    public async Task Classify_LegacyPayloadWithTemplateCategory_Refused()
    {
        using var h = Create(production: false);
        var payload = new Dictionary<string, object?> { ["handshake"] = new[] { $"__session={h.Token()}" } };
        var handshake = h.HandBuilt(h.Header(cat: "cl_B7d4PD222AAA"), payload);
        var state = await h.NavigateAsync("", "/?__clerk_handshake=" + handshake);
        Assert.Equal(LatchkeyAuthStatus.SignedOut, state.Status);
        Assert.Equal("token-invalid", state.Reason);
    }

    [Fact]
    [Covers("C1")]
    public async Task Classify_ProductionLegacyPayloadBadSignature_FallsThroughToCookies()
    {
        using var h = Create();
        using var other = new Harness(production: true, issuerName: "other");
        var handshake = other.HandBuilt(h.Header(), new Dictionary<string, object?> { ["handshake"] = Array.Empty<string>() });
        var state = await h.NavigateAsync(h.Cookies(h.Token(), extra: "__clerk_handshake=" + handshake));
        Assert.True(state.IsSignedIn);
    }

    private static string Signed(Harness h, object payload, Latchkey.Tokens.SigningKey? key = null) =>
        Latchkey.Tokens.JwsSigner.Sign(JsonSerializer.SerializeToUtf8Bytes(payload), key ?? h.Issuer.SigningKey, Latchkey.Tokens.TokenCategories.Session);

    [Fact]
    [Covers("C1")]
    public async Task Classify_LegacyPayloadFromJwsSignerWithExp_SignedInWithEveryDirective()
    {
        using var h = Create(production: false);
        var token = h.Token();
        string[] directives = [$"__client_uat={h.NowSeconds}; Path=/; Max-Age=315360000", $"__session={token}; Path=/; SameSite=Lax"];
        var handshake = Signed(h, new { handshake = directives, iat = h.NowSeconds, exp = h.NowSeconds + 60 });
        var state = await h.NavigateAsync("", "/page?a=1&__clerk_handshake=" + handshake);
        Assert.Equal(LatchkeyAuthStatus.SignedIn, state.Status);
        Assert.Equal(token, state.Token);
        Assert.Equal(directives, state.Headers.Where(x => x.Key == "Set-Cookie").Select(x => x.Value));
        Assert.Equal("http://127.0.0.1:5200/page?a=1", state.Location);
    }

    [Fact]
    [Covers("C1", "token-expired")]
    public async Task Classify_DevelopmentLegacyPayloadExpired_SignedOutTokenExpiredNoCookies()
    {
        using var h = Create(production: false);
        var handshake = Signed(h, new { handshake = new[] { $"__session={h.Token()}; Path=/" }, iat = h.NowSeconds - 120, exp = h.NowSeconds - 60 });
        var state = await h.NavigateAsync("", "/?__clerk_handshake=" + handshake);
        Assert.Equal(LatchkeyAuthStatus.SignedOut, state.Status);
        Assert.Equal("token-expired", state.Reason);
        Assert.Contains("expired 60 s ago", state.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(state.Headers, x => x.Key == "Set-Cookie");
    }

    [Fact]
    [Covers("C1")]
    public async Task Classify_LegacyPayloadExpiredWithinClockSkew_SignedIn()
    {
        using var h = Create(production: false);
        var handshake = Signed(h, new { handshake = new[] { $"__session={h.Token()}; Path=/" }, exp = h.NowSeconds - 3 });
        var state = await h.NavigateAsync("", "/?__clerk_handshake=" + handshake);
        Assert.Equal(LatchkeyAuthStatus.SignedIn, state.Status);
    }

    [Fact]
    [Covers("C1")]
    public async Task Classify_ProductionLegacyPayloadExpired_IgnoredFallsThroughToCookies()
    {
        using var h = Create();
        var stale = Signed(h, new { handshake = new[] { "__session=; Max-Age=0" }, exp = h.NowSeconds - 600 });
        var state = await h.NavigateAsync(h.Cookies(h.Token(), extra: "__clerk_handshake=" + stale));
        Assert.True(state.IsSignedIn);
        Assert.DoesNotContain(state.Headers, x => x.Key == "Set-Cookie" && x.Value.StartsWith("__session=;", StringComparison.Ordinal));
    }

    [Fact]
    [Covers("C1", "token-invalid-signature")]
    public async Task Classify_DevelopmentLegacyPayloadForgedWithAnotherKey_SignedOutInvalidSignature()
    {
        using var h = Create(production: false);
        using var forger = Latchkey.Tokens.SigningKey.GenerateRsa(h.Issuer.Kid);
        var handshake = Signed(h, new { handshake = new[] { $"__session={h.Token()}; Path=/" } }, forger);
        var state = await h.NavigateAsync("", "/?__clerk_handshake=" + handshake);
        Assert.Equal(LatchkeyAuthStatus.SignedOut, state.Status);
        Assert.Equal("token-invalid-signature", state.Reason);
    }

    [Theory]
    [Covers("C1", "token-invalid")]
    [InlineData("not-a-jwt")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJoYW5kc2hha2UiOltdfQ.")]
    public async Task Classify_DevelopmentLegacyPayloadMalformed_SignedOutWithReason(string handshake)
    {
        using var h = Create(production: false);
        var state = await h.NavigateAsync("", "/?__clerk_handshake=" + handshake);
        Assert.Equal(LatchkeyAuthStatus.SignedOut, state.Status);
        Assert.StartsWith("token-invalid", state.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(state.Headers, x => x.Key == "Set-Cookie");
    }

    [Fact]
    [Covers("C1")]
    public async Task Classify_LegacyPayloadWithNonNumericExp_Refused()
    {
        using var h = Create(production: false);
        var handshake = Signed(h, new { handshake = new[] { $"__session={h.Token()}; Path=/" }, exp = "tomorrow" });
        var state = await h.NavigateAsync("", "/?__clerk_handshake=" + handshake);
        Assert.Equal(LatchkeyAuthStatus.SignedOut, state.Status);
        Assert.Equal("token-invalid", state.Reason);
    }

    private string Expired(Harness h) => h.Token(o => o.IssuedAt = h.Now.AddMinutes(-5));

    private string RefreshCookies(Harness h, string expired) =>
        h.Cookies(expired, uat: h.NowSeconds - 600, extra: $"__refresh_{h.Suffix}=rt_1");

    [Fact]
    public async Task Classify_ExpiredWithRefreshCookie_RefreshedSignedInWithCookies()
    {
        using var h = Create();
        var fresh = h.Token();
        _api.Refresh = sid => (200, JsonSerializer.Serialize(new { @object = "cookies", cookies = new[] { $"__session={fresh}; Path=/", "__refresh_x=rt_2" } }));
        var state = await h.NavigateAsync(RefreshCookies(h, Expired(h)));
        Assert.Equal(LatchkeyAuthStatus.SignedIn, state.Status);
        Assert.Equal(fresh, state.Token);
        var request = _api.Requests.Single(r => r.Path.StartsWith("/v1/sessions/sess_test/refresh", StringComparison.Ordinal));
        Assert.Equal("/v1/sessions/sess_test/refresh?suffixed_cookies=false", request.Path);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("cookie", body.RootElement.GetProperty("format").GetString());
        Assert.Equal("rt_1", body.RootElement.GetProperty("refresh_token").GetString());
        Assert.False(body.RootElement.GetProperty("request_headers").TryGetProperty("cookie", out _));
    }

    [Theory]
    [InlineData(500, "{\"errors\":[{\"code\":\"unexpected_error\",\"message\":\"x\"}]}", "session-token-expired-refresh-fetch-error")]
    [InlineData(422, "{\"errors\":[{\"code\":\"refresh_token_expired\",\"message\":\"x\"}]}", "session-token-expired-refresh-refresh_token_expired")]
    [InlineData(502, "bad gateway", "session-token-expired-refresh-unexpected-bapi-error")]
    [InlineData(200, "{\"object\":\"cookies\",\"cookies\":[]}", "session-token-expired-refresh-unexpected-sdk-error")]
    [InlineData(200, "{\"object\":\"cookies\",\"cookies\":[\"__session=not.a.jwt\"]}", "session-token-expired-refresh-invalid-session-token")]
    [Covers("fetch-error", "unexpected-bapi-error", "unexpected-sdk-error", "invalid-session-token")]
    public async Task Classify_RefreshFails_HandshakeWithRefreshError(int status, string body, string reason)
    {
        using var h = Create();
        _api.Refresh = _ => (status, body);
        var state = await h.NavigateAsync(RefreshCookies(h, Expired(h)));
        Assert.Equal(LatchkeyAuthStatus.Handshake, state.Status);
        Assert.Equal(reason, state.Reason);
    }

    [Fact]
    public async Task Classify_RefreshOnFetchRequest_SignedOutWithRefreshError()
    {
        using var h = Create();
        _api.Refresh = _ => (500, "{\"errors\":[{\"code\":\"unexpected_error\"}]}");
        var state = await h.FetchAsync(RefreshCookies(h, Expired(h)));
        Assert.Equal(LatchkeyAuthStatus.SignedOut, state.Status);
        Assert.Equal("session-token-expired-refresh-fetch-error", state.Reason);
    }

    private Harness Machines(LatchkeyTokenTypes accepts) => Create(configure: o => o.AcceptsToken = accepts);

    [Fact]
    public async Task Classify_ApiKeyAccepted_SignedInMachineIdentity()
    {
        using var h = Machines(LatchkeyTokenTypes.ApiKey);
        _api.VerifyMachine = (kind, body) => kind == "api_key" && body.GetProperty("secret").GetString() == "ak_good"
            ? (200, "{\"id\":\"ak_1\",\"subject\":\"user_9\",\"name\":\"ci\",\"scopes\":[\"read\"]}")
            : (404, "{}");
        var state = await h.BearerAsync("ak_good");
        Assert.Equal(LatchkeyAuthStatus.SignedIn, state.Status);
        Assert.Equal(LatchkeyTokenTypes.ApiKey, state.TokenType);
        Assert.Equal("user_9", state.Machine!.Subject);
        Assert.Equal(["read"], state.Machine.Scopes);
    }

    [Theory]
    [InlineData(404, "token-invalid")]
    [InlineData(401, "secret-key-invalid")]
    [InlineData(500, "unexpected-error")]
    [Covers("secret-key-invalid", "unexpected-error")]
    public async Task Classify_ApiKeyRefused_SignedOutWithMachineCode(int status, string reason)
    {
        using var h = Machines(LatchkeyTokenTypes.ApiKey);
        _api.VerifyMachine = (_, _) => (status, "{\"errors\":[{\"code\":\"x\",\"message\":\"no\"}]}");
        var state = await h.BearerAsync("ak_bad");
        Assert.Equal(LatchkeyAuthStatus.SignedOut, state.Status);
        Assert.Equal(reason, state.Reason);
        Assert.Equal(LatchkeyTokenTypes.ApiKey, state.TokenType);
    }

    [Fact]
    public async Task Classify_RevokedApiKeyAnswer_Refused()
    {
        using var h = Machines(LatchkeyTokenTypes.ApiKey);
        _api.VerifyMachine = (_, _) => (200, "{\"id\":\"ak_1\",\"subject\":\"user_9\",\"revoked\":true}");
        Assert.Equal("token-invalid", (await h.BearerAsync("ak_x")).Reason);
    }

    [Fact]
    public async Task Classify_M2MOpaqueTokenWithMachineSecret_SentWithMachineSecret()
    {
        using var h = Create(configure: o => { o.AcceptsToken = LatchkeyTokenTypes.M2MToken; o.MachineSecretKey = "msk_1"; });
        _api.VerifyMachine = (kind, _) => kind == "m2m" ? (200, "{\"id\":\"mt_1\",\"subject\":\"mch_1\",\"scopes\":[]}") : (404, "{}");
        var state = await h.BearerAsync("mt_abc");
        Assert.True(state.IsSignedIn);
        Assert.Contains(_api.Requests, r => r.Path == "/m2m_tokens/verify" && r.Authorization == "Bearer msk_1");
    }

    [Fact]
    [Covers("token-type-mismatch")]
    public async Task Classify_SessionTokenWhereApiKeyExpected_TypeMismatch()
    {
        using var h = Machines(LatchkeyTokenTypes.ApiKey);
        var state = await h.BearerAsync(h.Token());
        Assert.Equal("token-type-mismatch", state.Reason);
        Assert.Equal(LatchkeyTokenTypes.ApiKey, state.TokenType);
    }

    [Fact]
    public async Task Classify_ApiKeyWhereSessionExpected_TypeMismatchWithoutNetwork()
    {
        using var h = Create();
        var state = await h.BearerAsync("ak_123");
        Assert.Equal(LatchkeyAuthStatus.SignedOut, state.Status);
        Assert.NotEqual(LatchkeyAuthStatus.SignedIn, state.Status);
        Assert.DoesNotContain(_api.Requests, r => r.Path.Contains("api_keys", StringComparison.Ordinal));
    }

    [Fact]
    [Covers("No token in header")]
    public async Task Classify_MachineOnlyWithoutHeader_NoTokenInHeader()
    {
        using var h = Machines(LatchkeyTokenTypes.M2MToken);
        var state = await h.NavigateAsync(h.Cookies(h.Token()));
        Assert.Equal("No token in header", state.Reason);
    }

    [Fact]
    public async Task Classify_MachineOnlyWithoutPublishableKey_BuildsAndVerifiesOpaqueTokens()
    {
        // Validation lets a scheme that accepts exactly m2m_token or api_key go without a
        // publishable key (§5.2); building its classifier used to throw for the missing issuer.
        var options = new LatchkeyAuthenticationOptions { SecretKey = "sk_test_machines", AcceptsToken = LatchkeyTokenTypes.ApiKey, ApiUrl = _api.Url };
        var classifier = new LatchkeyRequestClassifier(options);
        _api.VerifyMachine = (kind, body) => kind == "api_key" && body.GetProperty("secret").GetString() == "ak_good"
            ? (200, "{\"id\":\"ak_1\",\"subject\":\"user_9\",\"scopes\":[]}")
            : (404, "{}");
        var url = new Uri("http://127.0.0.1:5300/api");

        var none = await classifier.ClassifyAsync(new LatchkeyRequestDescription("GET", url, []), DateTimeOffset.UnixEpoch);
        var good = await classifier.ClassifyAsync(new LatchkeyRequestDescription("GET", url, [new("Authorization", "Bearer ak_good")]), DateTimeOffset.UnixEpoch);

        Assert.Equal("No token in header", none.Reason);
        Assert.True(good.IsSignedIn);
        Assert.Equal("user_9", good.Machine!.Subject);
    }

    [Fact]
    public async Task Classify_AnyAcceptedMachineTypeNotInSet_TypeMismatch()
    {
        using var h = Machines(LatchkeyTokenTypes.SessionToken | LatchkeyTokenTypes.ApiKey);
        var state = await h.BearerAsync("mt_123");
        Assert.Equal("token-type-mismatch", state.Reason);
        Assert.Equal(LatchkeyTokenTypes.None, state.TokenType);
    }

    [Fact]
    public async Task Classify_AnyAcceptedSessionToken_SignedIn()
    {
        using var h = Machines(LatchkeyTokenTypes.Any);
        Assert.True((await h.BearerAsync(h.Token())).IsSignedIn);
    }

    [Fact]
    public async Task Classify_M2MJwt_RefusedUntilTokenCoreSupportsIt()
    {
        using var h = Machines(LatchkeyTokenTypes.M2MToken);
        var payload = h.Payload();
        payload["sub"] = "mch_1";
        var state = await h.BearerAsync(h.HandBuilt(h.Header(cat: "cl_B7d4PD333AAA"), payload));
        Assert.Equal(LatchkeyAuthStatus.SignedOut, state.Status);
        Assert.Equal("token-verification-failed", state.Reason);
    }
}
