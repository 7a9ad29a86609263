using Latchkey.Tokens.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Tokens.Tests.Validation;

/// <summary>
/// Serving a token again from the entry its verification handed out (<see cref="VerifiedTokenCache.TryHit"/>):
/// exactly when a lookup would hit, never after the entry left the cache.
/// </summary>
public class VerifiedTokenCacheHitTests
{
    private static (VerifiedTokenCache Cache, FakeTimeProvider Clock, string Token, CachedVerification Entry, TokenVerificationResult First) Verified(VerificationKeySet keys)
    {
        FakeTimeProvider clock = TokenFactory.Clock();
        var cache = new VerifiedTokenCache(TokenFactory.Verifier(clock));
        string token = TokenFactory.Mint();
        TokenVerificationResult first = cache.Verify(token, keys, out CachedVerification? entry);
        Assert.True(first.IsValid);
        Assert.NotNull(entry);
        return (cache, clock, token, entry, first);
    }

    private static long Ms(FakeTimeProvider clock) => clock.GetUtcNow().ToUnixTimeMilliseconds();

    [Fact]
    public void TryHit_EntryStillCached_ServesTheSameResultAsALookup()
    {
        VerificationKeySet keys = TokenFactory.Keys();
        var (cache, clock, token, entry, first) = Verified(keys);

        Assert.True(cache.TryHit(entry, keys, Ms(clock), out TokenVerificationResult? hit));
        Assert.Same(first, hit);
        Assert.Same(cache.Verify(token, keys), hit);
    }

    [Fact]
    public void TryHit_LookupHit_HandsOutTheSameEntry()
    {
        VerificationKeySet keys = TokenFactory.Keys();
        var (cache, _, token, entry, _) = Verified(keys);

        cache.Verify(token, keys, out CachedVerification? again);

        Assert.Same(entry, again);
    }

    [Fact]
    public void TryHit_AfterClear_NotServedAndVerifiedAgainOnLookup()
    {
        VerificationKeySet keys = TokenFactory.Keys();
        var (cache, clock, token, entry, first) = Verified(keys);

        cache.Clear();

        Assert.False(cache.TryHit(entry, keys, Ms(clock), out _));
        TokenVerificationResult again = cache.Verify(token, keys, out CachedVerification? fresh);
        Assert.True(again.IsValid);
        Assert.NotSame(first, again);
        Assert.NotSame(entry, fresh);
        Assert.True(cache.TryHit(fresh!, keys, Ms(clock), out _));
    }

    [Fact]
    public void TryHit_AfterExpiry_NotServed_AndTheLookupThatEvictsMakesItStayUnserved()
    {
        VerificationKeySet keys = TokenFactory.Keys();
        var (cache, clock, token, entry, _) = Verified(keys);

        clock.Advance(TimeSpan.FromSeconds(65));

        Assert.False(cache.TryHit(entry, keys, Ms(clock), out _));
        Assert.Equal(ReasonCodes.TokenExpired, cache.Verify(token, keys).Reason);
        Assert.False(cache.TryHit(entry, keys, Ms(clock) - 65_000, out _)); // evicted: never served again, even at a time it was valid
    }

    [Fact]
    public void TryHit_JudgedBeforeNbf_NotServed()
    {
        VerificationKeySet keys = TokenFactory.Keys();
        var (cache, clock, _, entry, _) = Verified(keys);

        Assert.False(cache.TryHit(entry, keys, Ms(clock) - 30_000, out _));
        Assert.True(cache.TryHit(entry, keys, Ms(clock), out _));
    }

    [Fact]
    public void TryHit_KeySetWithoutTheKey_NotServed_EvenAfterAHitWithTheRightSet()
    {
        VerificationKeySet keys = TokenFactory.Keys();
        var (cache, clock, _, entry, _) = Verified(keys);
        Assert.True(cache.TryHit(entry, keys, Ms(clock), out _)); // remembers that this set holds the key

        Assert.False(cache.TryHit(entry, TokenFactory.Keys(TestKeys.Rsa2), Ms(clock), out _));
        Assert.False(cache.TryHit(entry, VerificationKeySet.Create(TestKeys.Rsa2.PublicKey.WithKid("ins_test_rsa")), Ms(clock), out _));
    }

    [Fact]
    public void TryHit_RefetchedEqualKeySet_Served()
    {
        VerificationKeySet keys = TokenFactory.Keys();
        var (cache, clock, _, entry, first) = Verified(keys);
        VerificationKeySet refetched = VerificationKeySet.FromJwks(keys.ToJwks().ToJson());

        Assert.True(cache.TryHit(entry, refetched, Ms(clock), out TokenVerificationResult? hit));
        Assert.Same(first, hit);
    }

    [Fact]
    public void Verify_InvalidOrTooLongToken_HandsOutNoEntry()
    {
        var cache = new VerifiedTokenCache(TokenFactory.Verifier(TokenFactory.Clock()), new VerifiedTokenCacheOptions { MaxCachedTokenLength = 100 });

        Assert.False(cache.Verify("a.b.c", TokenFactory.Keys(), out CachedVerification? invalid).IsValid);
        Assert.True(cache.Verify(TokenFactory.Mint(), TokenFactory.Keys(), out CachedVerification? tooLong).IsValid);
        Assert.Null(invalid);
        Assert.Null(tooLong);
    }
}
