using Latchkey.AspNetCore.Tests.Infrastructure;

namespace Latchkey.AspNetCore.Tests.Classification;

/// <summary>The cookie path, rows C7–C18 of protocol.md §5.6, at a frozen clock.</summary>
public sealed class CookiePathTests : IDisposable
{
    private readonly Harness _dev = new();
    private readonly Harness _prod = new(production: true);

    public void Dispose()
    {
        _dev.Dispose();
        _prod.Dispose();
    }

    [Fact]
    [Covers("C18", "C15")]
    public async Task Classify_FreshCookieTokenWithoutAzp_SignedIn()
    {
        var token = _dev.Token();
        var state = await _dev.NavigateAsync(_dev.Cookies(token));
        Assert.Equal(LatchkeyAuthStatus.SignedIn, state.Status);
        Assert.Equal(token, state.Token);
        Assert.Equal("user_test", state.SessionClaims!.UserId);
        Assert.Null(state.Reason);
        Assert.DoesNotContain(state.Headers, h => h.Key.StartsWith("x-clerk-auth", StringComparison.Ordinal));
    }

    [Fact]
    [Covers("C7", "dev-browser-missing")]
    public async Task Classify_DevelopmentNavigationWithoutDevBrowser_HandshakeDevBrowserMissing()
    {
        var state = await _dev.NavigateAsync($"__session={_dev.Token()}; __client_uat={_dev.NowSeconds - 1}");
        Assert.Equal(LatchkeyAuthStatus.Handshake, state.Status);
        Assert.Equal("dev-browser-missing", state.Reason);
        Assert.StartsWith("http://127.0.0.1:5100/v1/client/handshake?redirect_url=", state.Location);
        Assert.Equal("no-store", state.GetHeader("Cache-Control"));
        Assert.Contains(state.Headers, h => h.Key == "Set-Cookie" && h.Value == "__clerk_redirect_count=1; SameSite=Lax; HttpOnly; Max-Age=2");
    }

    [Fact]
    [Covers("C8", "session-token-and-uat-missing")]
    public async Task Classify_NoSessionNoUat_SignedOutSessionTokenAndUatMissing()
    {
        var state = await _prod.NavigateAsync("other=1");
        Assert.Equal(LatchkeyAuthStatus.SignedOut, state.Status);
        Assert.Equal("session-token-and-uat-missing", state.Reason);
        Assert.Equal("signed-out", state.GetHeader("x-clerk-auth-status"));
        Assert.Equal("session-token-and-uat-missing", state.GetHeader("x-clerk-auth-reason"));
    }

    [Fact]
    [Covers("C8")]
    public async Task Classify_UatZeroAndNoSession_SignedOut()
    {
        var state = await _prod.NavigateAsync("__client_uat=0");
        Assert.Equal("session-token-and-uat-missing", state.Reason);
    }

    [Fact]
    [Covers("C9", "session-token-but-no-client-uat")]
    public async Task Classify_SessionWithoutUat_HandshakeOnNavigation()
    {
        var state = await _prod.NavigateAsync($"__session={_prod.Token()}");
        Assert.Equal(LatchkeyAuthStatus.Handshake, state.Status);
        Assert.Equal("session-token-but-no-client-uat", state.Reason);
    }

    [Fact]
    [Covers("C9")]
    public async Task Classify_SessionWithoutUatOnFetch_SignedOutSameReason()
    {
        var state = await _prod.FetchAsync($"__session={_prod.Token()}");
        Assert.Equal(LatchkeyAuthStatus.SignedOut, state.Status);
        Assert.Equal("session-token-but-no-client-uat", state.Reason);
        Assert.Null(state.Location);
    }

    [Fact]
    [Covers("C10", "client-uat-but-no-session-token")]
    public async Task Classify_UatWithoutSession_Handshake()
    {
        var state = await _prod.NavigateAsync($"__client_uat={_prod.NowSeconds}");
        Assert.Equal(LatchkeyAuthStatus.Handshake, state.Status);
        Assert.Equal("client-uat-but-no-session-token", state.Reason);
    }

    [Fact]
    [Covers("C11", "token-invalid")]
    public async Task Classify_CookieTokenNotAJwt_SignedOutTokenInvalid()
    {
        var state = await _prod.NavigateAsync($"__session=not-a-jwt; __client_uat={_prod.NowSeconds}");
        Assert.Equal(LatchkeyAuthStatus.SignedOut, state.Status);
        Assert.Equal("token-invalid", state.Reason);
        Assert.Contains("token-carrier=cookie", state.Message);
    }

    [Fact]
    [Covers("C12", "token-type-mismatch")]
    public async Task Classify_CookieTokenWithTemplateCategory_SignedOutTypeMismatch()
    {
        var token = _prod.HandBuilt(_prod.Header(cat: "cl_B7d4PD222AAA"), _prod.Payload());
        var state = await _prod.NavigateAsync(_prod.Cookies(token));
        Assert.Equal("token-type-mismatch", state.Reason);
        Assert.Equal(LatchkeyAuthStatus.SignedOut, state.Status);
    }

    [Fact]
    [Covers("C12")]
    public async Task Classify_CookieTokenWithMachineSubject_SignedOutTypeMismatch()
    {
        var payload = _prod.Payload();
        payload["sub"] = "mch_123";
        var state = await _prod.NavigateAsync(_prod.Cookies(_prod.HandBuilt(_prod.Header(), payload)));
        Assert.Equal("token-type-mismatch", state.Reason);
    }

    [Fact]
    [Covers("C13", "session-token-iat-before-client-uat")]
    public async Task Classify_TokenOlderThanUat_Handshake()
    {
        var token = _prod.Token(o => o.IssuedAt = _prod.Now.AddSeconds(-10));
        var state = await _prod.NavigateAsync(_prod.Cookies(token, uat: _prod.NowSeconds - 5));
        Assert.Equal(LatchkeyAuthStatus.Handshake, state.Status);
        Assert.Equal("session-token-iat-before-client-uat", state.Reason);
    }

    [Fact]
    [Covers("C13")]
    public async Task Classify_TokenIssuedAtUatSecond_SignedIn()
    {
        var token = _prod.Token();
        var state = await _prod.NavigateAsync(_prod.Cookies(token, uat: _prod.NowSeconds));
        Assert.Equal(LatchkeyAuthStatus.SignedIn, state.Status);
    }

    [Fact]
    [Covers("C14", "non-eligible-no-refresh-cookie")]
    public async Task Classify_ExpiredCookieToken_HandshakeExpiredNoRefreshCookie()
    {
        var token = _prod.Token(o => o.IssuedAt = _prod.Now.AddMinutes(-5));
        var state = await _prod.NavigateAsync(_prod.Cookies(token, uat: _prod.NowSeconds - 600));
        Assert.Equal(LatchkeyAuthStatus.Handshake, state.Status);
        Assert.Equal("session-token-expired-refresh-non-eligible-no-refresh-cookie", state.Reason);
        Assert.Contains("reason=token-expired, token-carrier=cookie", state.Message);
    }

    [Fact]
    [Covers("C14", "non-eligible-non-get")]
    public async Task Classify_ExpiredCookieTokenOnPost_SignedOutNonGet()
    {
        var token = _prod.Token(o => o.IssuedAt = _prod.Now.AddMinutes(-5));
        var state = await _prod.FetchAsync(_prod.Cookies(token, uat: _prod.NowSeconds - 600), method: "POST");
        Assert.Equal(LatchkeyAuthStatus.SignedOut, state.Status);
        Assert.Equal("session-token-expired-refresh-non-eligible-non-get", state.Reason);
    }

    [Fact]
    [Covers("C14", "session-token-nbf")]
    public async Task Classify_CookieTokenNotYetValid_HandshakeNbf()
    {
        var payload = _prod.Payload(iat: _prod.NowSeconds - 1);
        payload["nbf"] = _prod.NowSeconds + 30;
        var state = await _prod.NavigateAsync(_prod.Cookies(_prod.HandBuilt(_prod.Header(), payload), uat: _prod.NowSeconds - 5));
        Assert.Equal("session-token-nbf", state.Reason);
        Assert.Equal(LatchkeyAuthStatus.Handshake, state.Status);
    }

    [Fact]
    [Covers("C14", "session-token-iat-in-the-future")]
    public async Task Classify_CookieTokenIssuedInTheFuture_HandshakeIatInTheFuture()
    {
        var token = _prod.Token(o => o.IssuedAt = _prod.Now.AddSeconds(10));
        var state = await _prod.NavigateAsync(_prod.Cookies(token, uat: _prod.NowSeconds - 5));
        Assert.Equal("session-token-iat-in-the-future", state.Reason);
    }

    [Fact]
    [Covers("C14", "token-invalid-signature")]
    public async Task Classify_CookieTokenWithForeignSignature_SignedOutInvalidSignature()
    {
        using var other = new Harness(production: true, issuerName: "other");
        var state = await _prod.NavigateAsync(_prod.Cookies(other.HandBuilt(_prod.Header(), _prod.Payload())));
        Assert.Equal(LatchkeyAuthStatus.SignedOut, state.Status);
        Assert.Equal("token-invalid-signature", state.Reason);
    }

    [Fact]
    [Covers("C14", "token-invalid-issuer")]
    public async Task Classify_TokenOfAnotherIssuerSignedWithSameKey_SignedOutInvalidIssuerNeverHandshake()
    {
        var payload = _prod.Payload();
        payload["iss"] = "https://clerk.other.example";
        var token = _prod.HandBuilt(_prod.Header(), payload);
        var sfx = _prod.Suffix;
        var state = await _prod.NavigateAsync($"__session_{sfx}={token}; __client_uat_{sfx}={_prod.NowSeconds - 1}");
        Assert.Equal(LatchkeyAuthStatus.SignedOut, state.Status);
        Assert.Equal("token-invalid-issuer", state.Reason);
    }

    [Fact]
    [Covers("token-invalid-algorithm")]
    public async Task Classify_TokenWithHs256_SignedOutInvalidAlgorithm()
    {
        var state = await _prod.NavigateAsync(_prod.Cookies(_prod.HandBuilt(_prod.Header(alg: "HS256"), _prod.Payload())));
        Assert.Equal("token-invalid-algorithm", state.Reason);
    }

    [Fact]
    [Covers("token-verification-failed")]
    public async Task Classify_TokenWithoutSubject_SignedOutVerificationFailed()
    {
        var payload = _prod.Payload();
        payload.Remove("sub");
        var state = await _prod.NavigateAsync(_prod.Cookies(_prod.HandBuilt(_prod.Header(), payload)));
        Assert.Equal("token-verification-failed", state.Reason);
    }

    [Fact]
    [Covers("token-invalid-authorized-parties")]
    public async Task Classify_TokenForAnotherParty_SignedOutInvalidAuthorizedParties()
    {
        using var harness = new Harness(production: true, configure: o => o.AuthorizedParties.Add("http://127.0.0.1:5200"));
        var token = harness.Token(o => o.AuthorizedParty = "https://evil.example");
        var state = await harness.NavigateAsync(harness.Cookies(token));
        Assert.Equal("token-invalid-authorized-parties", state.Reason);
    }

    [Fact]
    public async Task Classify_TokenForConfiguredParty_SignedIn()
    {
        using var harness = new Harness(production: true, configure: o => o.AuthorizedParties.Add("http://127.0.0.1:5200"));
        var token = harness.Token(o => o.AuthorizedParty = "http://127.0.0.1:5200");
        Assert.True((await harness.NavigateAsync(harness.Cookies(token))).IsSignedIn);
    }

    [Fact]
    [Covers("C16", "primary-domain-cross-origin-sync")]
    public async Task Classify_NavigationFromAnotherSite_HandshakePrimaryCrossOriginSync()
    {
        var state = await _prod.NavigateAsync(_prod.Cookies(_prod.Token()), "/", ("Referer", "https://satellite.example/page"));
        Assert.Equal(LatchkeyAuthStatus.Handshake, state.Status);
        Assert.Equal("primary-domain-cross-origin-sync", state.Reason);
    }

    [Fact]
    [Covers("C16")]
    public async Task Classify_NavigationFromFrontendApiHost_SignedIn()
    {
        var state = await _prod.NavigateAsync(_prod.Cookies(_prod.Token()), "/", ("Referer", "http://127.0.0.1:5100/sign-in"));
        Assert.Equal(LatchkeyAuthStatus.SignedIn, state.Status);
    }

    [Fact]
    [Covers("C16")]
    public async Task Classify_CrossSiteNavigationWithRedirectCounter_SignedIn()
    {
        var state = await _prod.NavigateAsync(_prod.Cookies(_prod.Token(), extra: "__clerk_redirect_count=1"), "/", ("Referer", "https://satellite.example/"));
        Assert.Equal(LatchkeyAuthStatus.SignedIn, state.Status);
    }

    [Fact]
    [Covers("C17", "active-organization-mismatch")]
    public async Task Classify_UrlNamesAnotherOrganization_HandshakeWithOrganizationId()
    {
        using var harness = new Harness(production: true, configure: o => o.OrganizationSync = new() { OrganizationPatterns = { "/orgs/:slug", "/orgs/:slug/(.*)" } });
        var token = harness.Token(o => { o.OrganizationId = "org_1"; o.OrganizationSlug = "acme"; o.OrganizationRole = "admin"; });
        var state = await harness.NavigateAsync(harness.Cookies(token), "/orgs/globex/settings");
        Assert.Equal(LatchkeyAuthStatus.Handshake, state.Status);
        Assert.Equal("active-organization-mismatch", state.Reason);
        Assert.Contains("organization_id=globex", state.Location);
    }

    [Fact]
    [Covers("C17")]
    public async Task Classify_UrlNamesActiveOrganization_SignedIn()
    {
        using var harness = new Harness(production: true, configure: o => o.OrganizationSync = new() { OrganizationPatterns = { "/orgs/:slug" } });
        var token = harness.Token(o => { o.OrganizationId = "org_1"; o.OrganizationSlug = "acme"; });
        Assert.True((await harness.NavigateAsync(harness.Cookies(token), "/orgs/acme")).IsSignedIn);
    }

    [Fact]
    [Covers("C17")]
    public async Task Classify_PersonalAccountPathWithActiveOrganization_HandshakeEmptyOrganizationId()
    {
        using var harness = new Harness(production: true, configure: o => o.OrganizationSync = new() { PersonalAccountPatterns = { "/me" } });
        var token = harness.Token(o => o.OrganizationId = "org_1");
        var state = await harness.NavigateAsync(harness.Cookies(token), "/me");
        Assert.Equal("active-organization-mismatch", state.Reason);
        Assert.Contains("organization_id=&", state.Location + "&");
    }

    [Fact]
    [Covers("C17")]
    public async Task Classify_OrganizationMismatchAfterThreeRedirects_SignedIn()
    {
        using var harness = new Harness(production: true, configure: o => o.OrganizationSync = new() { OrganizationPatterns = { "/orgs/:slug" } });
        var token = harness.Token(o => { o.OrganizationId = "org_1"; o.OrganizationSlug = "acme"; });
        var state = await harness.NavigateAsync(harness.Cookies(token, extra: "__clerk_redirect_count=3"), "/orgs/globex");
        Assert.True(state.IsSignedIn);
    }
}
