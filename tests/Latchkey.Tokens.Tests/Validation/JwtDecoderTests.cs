using Latchkey.Tokens.Tests.Support;

namespace Latchkey.Tokens.Tests.Validation;

public class JwtDecoderTests
{
    [Fact]
    public void TryDecode_MintedToken_ReadsHeaderAndClaimsWithoutKeys()
    {
        string token = TokenFactory.Mint(change: d => new SessionTokenDescriptor
        {
            Subject = d.Subject, SessionId = d.SessionId, Issuer = d.Issuer, IssuedAt = d.IssuedAt, OriginIssuedAt = d.IssuedAt,
        });

        Assert.True(JwtDecoder.TryDecode(token, out DecodedToken? decoded));
        Assert.Equal("RS256", decoded.Header.Algorithm);
        Assert.Equal("ins_test_rsa", decoded.Header.KeyId);
        Assert.Equal(TokenCategories.Session, decoded.Header.Category);
        Assert.Equal(TestKeys.Now.ToUnixTimeSeconds(), decoded.Header.OriginIssuedAt);
        Assert.Equal(TestKeys.Issuer, decoded.Claims.Issuer);
        Assert.Equal(TestKeys.Now, decoded.Claims.IssuedAt);
        Assert.StartsWith("{\"alg\":\"RS256\"", decoded.Header.ToJson());
    }

    [Fact]
    public void TryDecode_ExpiredOrBadlySignedToken_StillDecodes()
    {
        string[] p = TokenFactory.Mint().Split('.');

        Assert.True(JwtDecoder.TryDecode(p[0] + "." + p[1] + ".AAAA", out _));
    }

    [Fact]
    public void TryDecode_UnknownAlgorithm_Decodes()
    {
        string token = TokenFactory.B64("{\"alg\":\"none\"}") + "." + TokenFactory.B64("{\"sub\":\"u\"}") + ".";

        Assert.False(JwtDecoder.TryDecode(token, out _)); // empty signature segment
        Assert.True(JwtDecoder.TryDecode(token + "AAAA", out DecodedToken? decoded));
        Assert.Equal("none", decoded.Header.Algorithm);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("e30=.e30.AAAA")]
    [InlineData("e30.e30.AAAA")] // {} header: no alg
    public void TryDecode_Malformed_ReturnsFalseWithReason(string? token)
    {
        Assert.False(JwtDecoder.TryDecode(token, 16384, 16, out _, out string? error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void TryDecode_DuplicateClaim_ReturnsFalse()
    {
        string token = TokenFactory.B64(TokenFactory.Header()) + "." + TokenFactory.B64("{\"iat\":1,\"iat\":2}") + ".AAAA";

        Assert.False(JwtDecoder.TryDecode(token, out _));
    }

    [Fact]
    public void TryDecode_Oversized_ReturnsFalse()
    {
        Assert.False(JwtDecoder.TryDecode(new string('a', 20_000) + ".e30.AAAA", out _));
    }

    [Fact]
    public void TryDecode_DeepNesting_ReturnsFalse()
    {
        string token = TokenFactory.B64(TokenFactory.Header()) + "." + TokenFactory.B64("{\"x\":" + new string('[', 40) + new string(']', 40) + "}") + ".AAAA";

        Assert.False(JwtDecoder.TryDecode(token, out _));
    }
}
