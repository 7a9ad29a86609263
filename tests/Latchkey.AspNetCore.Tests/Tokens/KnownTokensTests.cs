using Latchkey.AspNetCore.Tokens;
using Latchkey.Testing;
using Latchkey.Tokens;

namespace Latchkey.AspNetCore.Tests.Tokens;

/// <summary>The table of peeks of tokens that verified: exact, shared, bounded.</summary>
public sealed class KnownTokensTests
{
    private static readonly JwtPeek ExpiredPeek = new("kid", "JWT", true, null, "https://clerk.example.com", true, 1_000, 2_000, "sess_1", "user_1");

    [Fact]
    public async Task Peek_TokenThatVerified_EqualsDecodedPeek()
    {
        using var issuer = new TestIssuer(production: true);
        var core = CreateCore(issuer);
        var token = issuer.MintSessionToken(new TestTokenOptions { AuthorizedParty = "http://127.0.0.1:5200" });
        var decoded = core.Peek(token);

        var check = await core.VerifySessionTokenAsync(token, issuer.Clock.GetUtcNow(), CancellationToken.None);
        var known = core.TryGetKnown(token.AsSpan(), out var shared, out var entry);

        Assert.True(check.IsValid);
        Assert.True(known);
        Assert.Same(token, shared);
        Assert.Equal(decoded, entry!.Peek);
        Assert.Equal(decoded, core.Peek(token));
    }

    [Fact]
    public async Task TryGetKnown_CopyOfKnownText_ReturnsTheSharedInstance()
    {
        using var issuer = new TestIssuer(production: true);
        var core = CreateCore(issuer);
        var token = issuer.MintSessionToken();
        await core.VerifySessionTokenAsync(token, issuer.Clock.GetUtcNow(), CancellationToken.None);
        var copy = new string(token.AsSpan());

        Assert.True(core.TryGetKnown(copy.AsSpan(), out var shared, out _));
        Assert.Same(token, shared);
    }

    [Fact]
    public async Task TryGetKnown_TokenThatFailed_NotKnown()
    {
        using var issuer = new TestIssuer(production: true);
        using var other = new TestIssuer(production: true);
        var core = CreateCore(issuer);
        var foreign = other.MintSessionToken();

        var check = await core.VerifySessionTokenAsync(foreign, issuer.Clock.GetUtcNow(), CancellationToken.None);

        Assert.False(check.IsValid);
        Assert.False(core.TryGetKnown(foreign.AsSpan(), out _, out _));
    }

    [Fact]
    public async Task VerifySessionToken_SameTokenTwice_SameClaimsInstance()
    {
        using var issuer = new TestIssuer(production: true);
        var core = CreateCore(issuer);
        var token = issuer.MintSessionToken();

        var first = await core.VerifySessionTokenAsync(token, issuer.Clock.GetUtcNow(), CancellationToken.None);
        var second = await core.VerifySessionTokenAsync(token, issuer.Clock.GetUtcNow().AddSeconds(1), CancellationToken.None);

        Assert.Same(first.Claims, second.Claims);
    }

    [Fact]
    public async Task TryVerifyKnownSessionToken_AfterAVerification_AnswersFromItsRememberedEntryUntilExpiry()
    {
        using var issuer = new TestIssuer(production: true);
        var core = CreateCore(issuer);
        var token = issuer.MintSessionToken(new TestTokenOptions { Lifetime = TimeSpan.FromSeconds(60) });
        var now = issuer.Clock.GetUtcNow();
        var check = await core.VerifySessionTokenAsync(token, now, CancellationToken.None);
        Assert.True(core.TryGetKnown(token.AsSpan(), out _, out var known));

        Assert.Same(check, known!.Verified?.Check);
        Assert.True(core.TryVerifyKnownSessionToken(token, known, now.AddSeconds(30), out var later));
        Assert.Same(check, later);
        Assert.False(core.TryVerifyKnownSessionToken(token, known, now.AddSeconds(66), out _)); // expired (5 s skew): the full path explains
        Assert.Equal("token-expired", (await core.VerifySessionTokenAsync(token, now.AddSeconds(66), CancellationToken.None)).Reason);
    }

    [Fact]
    public async Task TryVerifyKnownSessionToken_JudgedBeforeIat_NotAnsweredValidFromTheRememberedEntry()
    {
        using var issuer = new TestIssuer(production: true);
        var core = CreateCore(issuer);
        var token = issuer.MintSessionToken();
        var now = issuer.Clock.GetUtcNow();
        await core.VerifySessionTokenAsync(token, now, CancellationToken.None);
        Assert.True(core.TryGetKnown(token.AsSpan(), out _, out var known));

        var answered = core.TryVerifyKnownSessionToken(token, known!, now.AddSeconds(-30), out var early);

        Assert.True(answered);
        Assert.False(early.IsValid);
    }

    [Fact]
    public void Remember_FullOfExpiredTokens_SweepsThemAndStaysBounded()
    {
        var known = new KnownTokens();
        for (var i = 0; i < KnownTokens.MaxEntries; i++)
        {
            known.Remember("token-" + i, ExpiredPeek, nowMs: 1_500_000);
        }

        known.Remember("fresh", ExpiredPeek with { Exp = 10_000 }, nowMs: 3_000_000);

        Assert.Equal(1, known.Count);
        Assert.True(known.TryGetPeek("fresh", out _));
        Assert.False(known.TryGetPeek("token-0", out _));
    }

    [Fact]
    public void Remember_FullOfLiveTokens_EmptiesRatherThanGrow()
    {
        var live = ExpiredPeek with { Exp = 10_000_000 };
        var known = new KnownTokens();
        for (var i = 0; i < KnownTokens.MaxEntries; i++)
        {
            known.Remember("token-" + i, live, nowMs: 1_500_000);
        }

        known.Remember("one-more", live, nowMs: 1_500_001);

        Assert.True(known.Count <= 1);
    }

    private static TokenCore CreateCore(TestIssuer issuer) =>
        new(TokenCore.CreateValidationOptions(issuer.FrontendApiUrl, [], [], TimeSpan.FromSeconds(5)),
            VerificationKeySet.FromSpkiPem(issuer.PublicKeyPem), null, issuer.Clock);
}
