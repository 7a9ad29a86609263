using Latchkey.AspNetCore.Tests.Infrastructure;

namespace Latchkey.AspNetCore.Tests.Classification;

/// <summary>The header session path (§5.5), strict Authorization parsing (§5.2), revocation and failures.</summary>
public sealed class HeaderPathTests
{
    [Fact]
    public async Task Classify_BearerToken_SignedInCookiesIgnored()
    {
        using var h = new Harness(production: true);
        var token = h.Token();
        var state = await h.ClassifyAsync("/api", "GET", [.. Harness.Fetch, ("Authorization", "Bearer " + token), ("Cookie", "__client_uat=99999999999")]);
        Assert.True(state.IsSignedIn);
        Assert.Equal(token, state.Token);
    }

    [Fact]
    public async Task Classify_BareTokenWithoutScheme_SignedIn()
    {
        using var h = new Harness(production: true);
        var state = await h.ClassifyAsync("/api", "GET", [("Authorization", h.Token())]);
        Assert.True(state.IsSignedIn);
    }

    [Theory]
    [InlineData("Bearer ")]
    [InlineData("Bearer a b")]
    [InlineData("Bearer  x.y.z")]
    [InlineData("Bearer x,y")]
    public async Task Classify_MalformedAuthorization_SignedOutTokenInvalid(string header)
    {
        using var h = new Harness(production: true);
        var state = await h.ClassifyAsync("/api", "GET", [("Authorization", header)]);
        Assert.Equal(LatchkeyAuthStatus.SignedOut, state.Status);
        Assert.Equal("token-invalid", state.Reason);
    }

    [Fact]
    public async Task Classify_BasicScheme_IgnoredAndCookiePathUsed()
    {
        using var h = new Harness(production: true);
        var state = await h.ClassifyAsync("/api", "GET", [("Authorization", "Basic dXNlcjpwdw=="), ("Cookie", h.Cookies(h.Token()))]);
        Assert.True(state.IsSignedIn);
    }

    [Fact]
    public async Task Classify_ExpiredBearerOnFetch_SignedOutCompositeReason()
    {
        using var h = new Harness(production: true);
        var state = await h.BearerAsync(h.Token(o => o.IssuedAt = h.Now.AddMinutes(-3)));
        Assert.Equal(LatchkeyAuthStatus.SignedOut, state.Status);
        Assert.Equal("session-token-expired-refresh-non-eligible-no-refresh-cookie", state.Reason);
        Assert.Contains("token-carrier=header", state.Message);
    }

    [Fact]
    public async Task Classify_ExpiryBoundary_SkewOfFiveSecondsHonoured()
    {
        using var h = new Harness(production: true);
        // exp = now - 4 s: inside the 5 s skew, still valid; exp = now - 5 s: expired.
        Assert.True((await h.BearerAsync(h.Token(o => o.IssuedAt = h.Now.AddSeconds(-64)))).IsSignedIn);
        Assert.False((await h.BearerAsync(h.Token(o => o.IssuedAt = h.Now.AddSeconds(-65)))).IsSignedIn);
    }

    [Fact]
    public async Task Classify_TemplateCategoryBearer_TypeMismatch()
    {
        using var h = new Harness(production: true);
        var state = await h.BearerAsync(h.HandBuilt(h.Header(cat: "cl_B7d4PD222AAA"), h.Payload()));
        Assert.Equal("token-type-mismatch", state.Reason);
    }

    [Fact]
    public async Task Classify_OAuthJwtBearer_TypeMismatch()
    {
        using var h = new Harness(production: true);
        var state = await h.BearerAsync(h.HandBuilt(h.Header(typ: "at+jwt"), h.Payload()));
        Assert.Equal("token-type-mismatch", state.Reason);
    }

    [Fact]
    public async Task Classify_TokenOfAnotherInstanceInSameProcess_Refused()
    {
        using var a = new Harness(production: true);
        using var b = new Harness(production: true, frontendApiUrl: "https://clerk.b.example", issuerName: "b");
        var state = await a.BearerAsync(b.Token());
        Assert.Equal(LatchkeyAuthStatus.SignedOut, state.Status);
        Assert.Contains(state.Reason, new[] { "token-invalid-signature", "token-invalid-issuer" });
    }

    private sealed class Revoked(string sid) : IRevocationSource
    {
        public bool IsRevoked(string sessionId, DateTimeOffset issuedAt) => sessionId == sid;
    }

    private sealed class Throwing : IRevocationSource
    {
        public bool IsRevoked(string sessionId, DateTimeOffset issuedAt) => throw new InvalidOperationException("boom");
    }

    [Fact]
    [Covers("session-revoked")]
    public async Task Classify_RevokedSession_SignedOutSessionRevoked()
    {
        using var h = new Harness(production: true, revocations: new Revoked("sess_test"));
        var state = await h.BearerAsync(h.Token());
        Assert.Equal("session-revoked", state.Reason);
        Assert.True((await h.BearerAsync(h.Token(o => o.SessionId = "sess_other"))).IsSignedIn);
    }

    [Fact]
    [Covers("unexpected-error")]
    public async Task Classify_FailureInsideClassifier_SignedOutUnexpectedErrorNeverThrows()
    {
        using var h = new Harness(production: true, revocations: new Throwing());
        var state = await h.BearerAsync(h.Token());
        Assert.Equal(LatchkeyAuthStatus.SignedOut, state.Status);
        Assert.Equal("unexpected-error", state.Reason);
    }

    [Theory]
    [InlineData("__session=%")]
    [InlineData("__session=%E0%A4%A; __client_uat=1")]
    [InlineData("=; ;;; __client_uat")]
    [InlineData("__client_uat=99999999999999999999999")]
    public async Task Classify_HostileCookies_SignedOutWithReasonNeverThrows(string cookie)
    {
        using var h = new Harness(production: true);
        var state = await h.NavigateAsync(cookie);
        Assert.NotEqual(LatchkeyAuthStatus.SignedIn, state.Status);
        Assert.False(string.IsNullOrEmpty(state.Reason));
    }

    [Fact]
    public async Task Classify_HugeHeaderToken_SignedOutTokenInvalid()
    {
        using var h = new Harness(production: true);
        var state = await h.BearerAsync(new string('a', 20_000));
        Assert.Equal("token-invalid", state.Reason);
    }
}
