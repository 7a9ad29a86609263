using Latchkey.Tokens.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tokens.Tests.Validation;

public class VerifiedTokenCacheTests
{
    private static (VerifiedTokenCache Cache, FakeTimeProvider Clock) Create(VerifiedTokenCacheOptions? options = null)
    {
        FakeTimeProvider clock = TokenFactory.Clock();
        return (new VerifiedTokenCache(TokenFactory.Verifier(clock), options), clock);
    }

    [Fact]
    public void Verify_SameTokenTwice_ReturnsCachedResult()
    {
        var (cache, _) = Create();
        string token = TokenFactory.Mint();

        TokenVerificationResult first = cache.Verify(token, TokenFactory.Keys());
        TokenVerificationResult second = cache.Verify(token, TokenFactory.Keys());

        Assert.True(first.IsValid);
        Assert.Same(first, second);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Verify_CachedTokenAfterExpiry_ReturnsExpiredAndEvicts()
    {
        var (cache, clock) = Create();
        string token = TokenFactory.Mint();
        Assert.True(cache.Verify(token, TokenFactory.Keys()).IsValid);

        clock.Advance(TimeSpan.FromSeconds(65));
        TokenVerificationResult result = cache.Verify(token, TokenFactory.Keys());

        Assert.Equal(ReasonCodes.TokenExpired, result.Reason);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Verify_ClockMovedBackBeforeNbf_TimeClaimsRechecked()
    {
        var clock = new ManualClock(TestKeys.Now);
        var cache = new VerifiedTokenCache(new TokenVerifier(TestKeys.Options(), clock));
        string token = TokenFactory.Mint();
        Assert.True(cache.Verify(token, TokenFactory.Keys()).IsValid);

        clock.Now = TestKeys.Now.AddSeconds(-30);

        Assert.Equal(ReasonCodes.TokenNotActiveYet, cache.Verify(token, TokenFactory.Keys()).Reason);
    }

    [Fact]
    public void Verify_KeyLeftTheSet_EntryNotServed()
    {
        var (cache, _) = Create();
        string token = TokenFactory.Mint();
        Assert.True(cache.Verify(token, TokenFactory.Keys()).IsValid);

        TokenVerificationResult result = cache.Verify(token, TokenFactory.Keys(TestKeys.Rsa2));

        Assert.Equal(ReasonCodes.JwkKidMismatch, result.Reason);
    }

    [Fact]
    public void Verify_SameKidOtherKeyMaterial_EntryNotServed()
    {
        var (cache, _) = Create();
        string token = TokenFactory.Mint();
        Assert.True(cache.Verify(token, TokenFactory.Keys()).IsValid);
        var impostor = VerificationKeySet.Create(TestKeys.Rsa2.PublicKey.WithKid("ins_test_rsa"));

        TokenVerificationResult result = cache.Verify(token, impostor);

        Assert.Equal(ReasonCodes.TokenInvalidSignature, result.Reason);
    }

    [Fact]
    public void Verify_RefetchedEqualKey_StillServed()
    {
        var (cache, _) = Create();
        string token = TokenFactory.Mint();
        TokenVerificationResult first = cache.Verify(token, TokenFactory.Keys());
        VerificationKeySet refetched = VerificationKeySet.FromJwks(TokenFactory.Keys().ToJwks().ToJson());

        Assert.Same(first, cache.Verify(token, refetched));
    }

    [Fact]
    public void Verify_DifferentTokenSameClaims_NotAHit()
    {
        var (cache, _) = Create();
        string token = TokenFactory.Mint();
        TokenVerificationResult first = cache.Verify(token, TokenFactory.Keys());
        string tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];

        TokenVerificationResult result = cache.Verify(tampered, TokenFactory.Keys());

        Assert.NotSame(first, result);
        Assert.False(result.IsValid);
    }

    [Fact]
    public void Verify_InvalidToken_NotCached()
    {
        var (cache, _) = Create();

        cache.Verify("a.b.c", TokenFactory.Keys());

        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Verify_MoreTokensThanMaxEntries_StaysBounded()
    {
        var (cache, _) = Create(new VerifiedTokenCacheOptions { MaxEntries = 4 });
        var minter = new SessionTokenMinter(TokenFactory.Clock());

        for (int i = 0; i < 20; i++)
        {
            string token = minter.Mint(TestKeys.Descriptor(), TestKeys.Ec);
            Assert.True(cache.Verify(token, TokenFactory.Keys(TestKeys.Ec)).IsValid);
            Assert.InRange(cache.Count, 0, 4);
        }
    }

    [Fact]
    public void Verify_ExpiredEntries_SweptWhenFull()
    {
        var (cache, clock) = Create(new VerifiedTokenCacheOptions { MaxEntries = 2 });
        var minter = new SessionTokenMinter(clock);
        cache.Verify(minter.Mint(TestKeys.Descriptor(d => new SessionTokenDescriptor { Subject = d.Subject, SessionId = d.SessionId, Issuer = d.Issuer, AuthorizedParty = d.AuthorizedParty }), TestKeys.Ec), TokenFactory.Keys(TestKeys.Ec));
        cache.Verify(minter.Mint(TestKeys.Descriptor(d => new SessionTokenDescriptor { Subject = d.Subject, SessionId = d.SessionId, Issuer = d.Issuer, AuthorizedParty = d.AuthorizedParty }), TestKeys.Ec), TokenFactory.Keys(TestKeys.Ec));
        Assert.Equal(2, cache.Count);

        clock.Advance(TimeSpan.FromSeconds(70));
        string fresh = minter.Mint(TestKeys.Descriptor(d => new SessionTokenDescriptor { Subject = d.Subject, SessionId = d.SessionId, Issuer = d.Issuer, AuthorizedParty = d.AuthorizedParty }), TestKeys.Ec);
        Assert.True(cache.Verify(fresh, TokenFactory.Keys(TestKeys.Ec)).IsValid);

        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Verify_TwoCachesDifferentIssuers_DoNotShareEntries()
    {
        string token = TokenFactory.Mint();
        var good = new VerifiedTokenCache(TokenFactory.Verifier());
        var other = new VerifiedTokenCache(TokenFactory.Verifier(change: o => { o.ValidIssuers.Clear(); o.ValidIssuers.Add("https://clerk.other.com"); }));

        Assert.True(good.Verify(token, TokenFactory.Keys()).IsValid);
        Assert.Equal(ReasonCodes.TokenInvalidIssuer, other.Verify(token, TokenFactory.Keys()).Reason);
    }

    [Fact]
    public void Verify_ConcurrentCallers_AllValid()
    {
        var (cache, _) = Create();
        string[] tokens = [.. Enumerable.Range(0, 8).Select(_ => TokenFactory.Mint(TestKeys.Ec))];

        Parallel.For(0, 400, i => Assert.True(cache.Verify(tokens[i % tokens.Length], TokenFactory.Keys(TestKeys.Ec)).IsValid));

        Assert.Equal(tokens.Length, cache.Count);
    }
}
