using Latchkey.Tokens.Internal;
using Latchkey.Tokens.Tests.Support;

namespace Latchkey.Tokens.Tests.Validation;

/// <summary>
/// The verifier's cache of verified headers: a verifier that has seen a header answers every
/// later token exactly as a fresh verifier would, and only genuine headers get in.
/// </summary>
public class HeaderCacheTests
{
    private static readonly string Header = TokenFactory.Header(extra: ",\"cat\":\"cl_B7d4PD111AAA\"");

    private static string Primer() => TokenFactory.Forge(Header, TokenFactory.Payload());

    private static string WithSegment(string token, int index, string segment)
    {
        string[] parts = token.Split('.');
        parts[index] = segment;
        return string.Join('.', parts);
    }

    public static TheoryData<string, string> SameHeaderTokens()
    {
        string good = Primer();
        string[] parts = good.Split('.');
        char flip = parts[2][5] == 'A' ? 'B' : 'A';
        long t = TestKeys.Now.ToUnixTimeSeconds();
        return new TheoryData<string, string>
        {
            { "valid, other claims", TokenFactory.Forge(Header, TokenFactory.Payload(",\"v\":2,\"sts\":\"active\"")) },
            { "bad signature", parts[0] + "." + parts[1] + "." + parts[2][..5] + flip + parts[2][6..] },
            { "signature too short", parts[0] + "." + parts[1] + "." + parts[2][..^4] },
            { "empty signature", parts[0] + "." + parts[1] + "." },
            { "padded payload", parts[0] + "." + parts[1] + "=." + parts[2] },
            { "stray character in signature", parts[0] + "." + parts[1] + "." + parts[2][..^1] + "*" },
            { "expired", TokenFactory.Forge(Header, TokenFactory.Payload(iat: t - 600)) },
            { "issued in the future", TokenFactory.Forge(Header, TokenFactory.Payload(iat: t + 600)) },
            { "duplicate claim", TokenFactory.Forge(Header, TokenFactory.Payload(",\"sub\":\"user_2\"")) },
            { "wrong issuer", TokenFactory.Forge(Header, TokenFactory.Payload().Replace(TestKeys.Issuer, "https://evil.example.com")) },
            { "payload not JSON", TokenFactory.Forge(Header, "[1,2]") },
            { "signed by another key", TokenFactory.Forge(Header, TokenFactory.Payload(), TestKeys.Rsa2) },
        };
    }

    [Theory]
    [MemberData(nameof(SameHeaderTokens))]
    public void Verify_HeaderSeenBefore_SameResultAsFreshVerifier(string what, string token)
    {
        VerificationKeySet keys = TokenFactory.Keys();
        TokenVerifier primed = TokenFactory.Verifier();
        Assert.True(primed.Verify(Primer(), keys).IsValid);

        TokenVerificationResult cached = primed.Verify(token, keys);
        TokenVerificationResult fresh = TokenFactory.Verifier().Verify(token, keys);

        Assert.Equal(fresh.IsValid, cached.IsValid);
        Assert.Equal(fresh.Reason, cached.Reason);
        Assert.Equal(fresh.Message, cached.Message);
        Assert.Equal(fresh.Header?.ToJson(), cached.Header?.ToJson());
        Assert.Equal(fresh.Header?.KeyId, cached.Header?.KeyId);
        Assert.Equal(fresh.Header?.Algorithm, cached.Header?.Algorithm);
        Assert.Equal(fresh.Header?.Type, cached.Header?.Type);
        Assert.Equal(fresh.Header?.Category, cached.Header?.Category);
        Assert.Equal(fresh.Claims?.ToJson(), cached.Claims?.ToJson());
        Assert.Same(fresh.Key, cached.Key);
        _ = what; // names the case in the test output
    }

    [Fact]
    public void Verify_HeaderSeenWithOtherKeySet_KidLookedUpAgain()
    {
        TokenVerifier verifier = TokenFactory.Verifier();
        Assert.True(verifier.Verify(Primer(), TokenFactory.Keys()).IsValid);

        TokenVerificationResult result = verifier.Verify(Primer(), TokenFactory.Keys(TestKeys.Rsa2));

        Assert.Equal(ReasonCodes.JwkKidMismatch, result.Reason);
    }

    [Fact]
    public void Verify_HeaderOnlyOnForgedTokens_NeverCached()
    {
        VerificationKeySet keys = TokenFactory.Keys();
        TokenVerifier verifier = TokenFactory.Verifier();
        string forged = TokenFactory.Forge(Header, TokenFactory.Payload(), TestKeys.Rsa2);

        Assert.Equal(ReasonCodes.TokenInvalidSignature, verifier.Verify(forged, keys).Reason);

        Assert.Null(verifier.Headers.Find(Encoded(forged), keys));
    }

    [Fact]
    public void Verify_ValidToken_HeaderCachedForItsKeySet()
    {
        VerificationKeySet keys = TokenFactory.Keys();
        TokenVerifier verifier = TokenFactory.Verifier();
        string token = Primer();

        Assert.True(verifier.Verify(token, keys).IsValid);

        Assert.NotNull(verifier.Headers.Find(Encoded(token), keys));
        Assert.Null(verifier.Headers.Find(Encoded(token), TokenFactory.Keys()));
    }

    [Fact]
    public void Verify_HeaderRejectedByAnotherVerifiersSettings_StillRejected()
    {
        VerificationKeySet keys = TokenFactory.Keys();
        string token = Primer();
        Assert.True(TokenFactory.Verifier().Verify(token, keys).IsValid);

        TokenVerificationResult result = TokenFactory.Verifier(change: o => o.AllowedAlgorithms.Remove(SigningAlgorithms.RS256)).Verify(token, keys);

        Assert.Equal(ReasonCodes.TokenInvalidAlgorithm, result.Reason);
    }

    [Fact]
    public void Verify_ManyThreadsMoreHeadersThanEntriesTwoKeySets_EveryResultAsExpected()
    {
        TokenVerifier verifier = TokenFactory.Verifier();
        VerificationKeySet rsa = TokenFactory.Keys();
        VerificationKeySet rsa2 = TokenFactory.Keys(TestKeys.Rsa2);
        string[] tokens = [.. Enumerable.Range(0, 6).Select(n => TokenFactory.Forge(TokenFactory.Header(extra: ",\"n\":" + n), TokenFactory.Payload()))];
        string[] tokens2 = [.. Enumerable.Range(0, 6).Select(n => TokenFactory.Forge(TokenFactory.Header(kid: "ins_test_rsa2", extra: ",\"n\":" + n), TokenFactory.Payload(), TestKeys.Rsa2))];

        Parallel.For(0, 1200, i =>
        {
            bool second = i % 2 == 1;
            string token = (second ? tokens2 : tokens)[i / 2 % 6];
            VerificationKeySet keys = i % 3 == 0 ? (second ? rsa : rsa2) : (second ? rsa2 : rsa);

            TokenVerificationResult result = verifier.Verify(token, keys);

            bool matching = i % 3 != 0;
            Assert.Equal(matching ? null : ReasonCodes.JwkKidMismatch, result.Reason);
            Assert.Equal(second ? "ins_test_rsa2" : "ins_test_rsa", result.Header!.KeyId);
        });
    }

    [Fact]
    public void Add_MoreHeadersThanCapacity_OldestReplacedAndLongHeadersSkipped()
    {
        var cache = new HeaderCache();
        VerificationKeySet keys = TokenFactory.Keys();
        VerificationKey key = keys.Keys[0];
        HeaderCache.Entry Entry(string text) => new(System.Text.Encoding.ASCII.GetBytes(text), JwsAlgorithm.RS256, key.Kid, "JWT", null, null, false, keys, key);

        for (int i = 0; i < 5; i++)
        {
            cache.Add(Entry("h" + i));
        }

        cache.Add(Entry(new string('x', HeaderCache.MaxEncodedLength + 1)));

        Assert.Null(cache.Find("h0"u8, keys));
        Assert.All(new[] { "h1", "h2", "h3", "h4" }, h => Assert.NotNull(cache.Find(System.Text.Encoding.ASCII.GetBytes(h), keys)));
        Assert.Null(cache.Find(System.Text.Encoding.ASCII.GetBytes(new string('x', HeaderCache.MaxEncodedLength + 1)), keys));
    }

    private static byte[] Encoded(string token) => System.Text.Encoding.ASCII.GetBytes(token[..token.IndexOf('.')]);
}
