using Latchkey.AspNetCore.Tests.Infrastructure;
using Latchkey.Tokens;

namespace Latchkey.AspNetCore.Tests.Tokens;

/// <summary>
/// The hot path remembers facts about tokens that verified (their peek, their mapped claims).
/// These tests prove it remembers only facts, never validity: a known token is still judged on
/// every request, at that request's time and against the current keys.
/// </summary>
public sealed class HotPathTests
{
    private static readonly string ExpiredNoRefresh = ReasonCodes.SessionTokenExpiredRefresh(ReasonCodes.RefreshNonEligibleNoRefreshCookie);

    [Fact]
    public async Task Classify_KnownCookieTokenAfterItExpires_SignedOutExpiredNoRefresh()
    {
        using var h = new Harness(production: true);
        var token = h.Token(o => o.IssuedAt = h.Now.AddSeconds(-30));
        var cookie = h.Cookies(token, uat: h.NowSeconds - 60);

        var first = await ClassifyAt(h, h.Now, ("Cookie", cookie));
        var later = await ClassifyAt(h, h.Now.AddMinutes(2), ("Cookie", cookie));

        Assert.True(first.IsSignedIn);
        Assert.Equal(LatchkeyAuthStatus.SignedOut, later.Status);
        Assert.Equal(ExpiredNoRefresh, later.Reason);
    }

    [Fact]
    public async Task Classify_KnownBearerTokenAfterItExpires_SignedOutExpiredNoRefresh()
    {
        using var h = new Harness(production: true);
        var token = h.Token(o => o.IssuedAt = h.Now.AddSeconds(-30));

        var first = await ClassifyAt(h, h.Now, ("Authorization", "Bearer " + token));
        var later = await ClassifyAt(h, h.Now.AddMinutes(2), ("Authorization", "Bearer " + token));

        Assert.True(first.IsSignedIn);
        Assert.Equal(LatchkeyAuthStatus.SignedOut, later.Status);
        Assert.Equal(ExpiredNoRefresh, later.Reason);
    }

    [Fact]
    public async Task Classify_KnownTokenBeforeItsNotBefore_SignedOutNbf()
    {
        using var h = new Harness(production: true);
        var token = h.Token();

        var first = await ClassifyAt(h, h.Now, ("Authorization", "Bearer " + token));
        var earlier = await ClassifyAt(h, h.Now.AddMinutes(-5), ("Authorization", "Bearer " + token));

        Assert.True(first.IsSignedIn);
        Assert.Equal(LatchkeyAuthStatus.SignedOut, earlier.Status);
        Assert.Equal("session-token-nbf", earlier.Reason);
    }

    [Fact]
    public async Task Classify_TamperedCopyOfKnownToken_SignedOutInvalidSignature()
    {
        using var h = new Harness(production: true);
        var token = h.Token();
        var signature = token[(token.LastIndexOf('.') + 1)..];
        var tampered = token[..(token.LastIndexOf('.') + 1)] + (signature[0] == 'A' ? 'B' : 'A') + signature[1..];

        var known = await h.BearerAsync(token);
        var state = await h.BearerAsync(tampered);

        Assert.True(known.IsSignedIn);
        Assert.Equal(LatchkeyAuthStatus.SignedOut, state.Status);
        Assert.Equal("token-invalid-signature", state.Reason);
    }

    [Fact]
    public async Task Classify_KnownTokenAgain_SameStateAndClaims()
    {
        using var h = new Harness(production: true);
        var token = h.Token(o =>
        {
            o.UserId = "user_again";
            o.OrganizationId = "org_1";
            o.OrganizationRole = "admin";
            o.OrganizationPermissions.Add("org:invoices:read");
        });

        var first = await h.FetchAsync(h.Cookies(token));
        var second = await h.FetchAsync(h.Cookies(token));

        Assert.True(first.IsSignedIn);
        Assert.True(second.IsSignedIn);
        Assert.Equal(token, second.Token);
        Assert.Equal("user_again", second.SessionClaims!.UserId);
        Assert.Equal("org:admin", second.SessionClaims.OrganizationRole);
        Assert.Equal(["org:invoices:read"], second.SessionClaims.OrganizationPermissions);
        Assert.Equal(first.SessionClaims!.Payload.GetRawText(), second.SessionClaims.Payload.GetRawText());
    }

    [Fact]
    public async Task Classify_KnownTokenWithIatBeforeClientUat_StillHandshakeIatBeforeClientUat()
    {
        using var h = new Harness(production: true);
        var token = h.Token(o => o.IssuedAt = h.Now.AddSeconds(-30));

        var known = await h.FetchAsync(h.Cookies(token, uat: h.NowSeconds - 60));
        var state = await h.NavigateAsync(h.Cookies(token, uat: h.NowSeconds - 10));

        Assert.True(known.IsSignedIn);
        Assert.Equal(LatchkeyAuthStatus.Handshake, state.Status);
        Assert.Equal("session-token-iat-before-client-uat", state.Reason);
    }

    private static Task<LatchkeyRequestState> ClassifyAt(Harness h, DateTimeOffset now, params (string Name, string Value)[] headers) =>
        h.Classifier.ClassifyAsync(
            new LatchkeyRequestDescription("GET", new Uri(Harness.AppOrigin + "/api"), [.. Harness.Fetch.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)), .. headers.Select(x => new KeyValuePair<string, string>(x.Name, x.Value))]),
            now);
}
