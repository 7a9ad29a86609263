using Latchkey.Tokens.Tests.Support;

namespace Latchkey.Tokens.Tests.Validation;

/// <summary>Encoding, size, nesting and truncation attacks: each must fail with the asserted reason code.</summary>
public class EncodingAttackTests
{
    private static TokenVerificationResult Verify(string token, VerificationKeySet? keys = null) =>
        TokenFactory.Verifier().Verify(token, keys ?? TokenFactory.Keys());

    private static string Payload => TokenFactory.Payload();

    public static TheoryData<string> NonCanonical()
    {
        string t = TokenFactory.Mint();
        string[] p = t.Split('.');
        var data = new TheoryData<string>
        {
            p[0] + "=." + p[1] + "." + p[2],
            p[0] + "." + p[1] + "==." + p[2],
            p[0] + "." + p[1] + "." + p[2] + "=",
            p[0] + "." + p[1].Replace('-', '+').Replace('_', '/') + "x." + p[2],
            p[0] + "." + p[1] + "." + p[2].Insert(10, " "),
            p[0] + "." + p[1].Insert(5, "\n") + "." + p[2],
            p[0] + "." + p[1] + "." + p[2].Insert(3, "?"),
            p[0] + ".." + p[1] + "." + p[2],
            t + ".",
            p[0] + "." + p[1] + "." + p[2] + "." + p[2],
            "." + p[1] + "." + p[2],
            p[0] + "." + p[1],
            p[0],
            "",
            "...",
            " " + t,
            t + " ",
            "Bearer " + t,
        };
        return data;
    }

    [Theory]
    [MemberData(nameof(NonCanonical))]
    public void Verify_NonCanonicalEncoding_Rejected(string token)
    {
        TokenVerificationResult result = Verify(token);

        Assert.False(result.IsValid);
        Assert.Contains(result.Reason, new[] { ReasonCodes.TokenInvalid, ReasonCodes.TokenInvalidSignature });
    }

    [Fact]
    public void Verify_PaddedSegments_TokenInvalidBeforeSignature()
    {
        string[] p = TokenFactory.Mint().Split('.');

        Assert.Equal(ReasonCodes.TokenInvalid, Verify(p[0] + "." + p[1] + "=." + p[2]).Reason);
    }

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /// <summary>The same bytes spelled with a non-zero unused low bit in the last character.</summary>
    private static string Alias(string segment) =>
        segment[..^1] + Alphabet[Alphabet.IndexOf(segment[^1]) ^ 1];

    [Fact]
    public void Verify_NonZeroTrailingBitsInSignature_TokenInvalid()
    {
        // A 256-byte RSA signature encodes to 342 chars: 4 unused bits in the last character.
        string[] p = TokenFactory.Mint().Split('.');
        Assert.Equal(2, p[2].Length % 4);

        Assert.Equal(ReasonCodes.TokenInvalid, Verify(p[0] + "." + p[1] + "." + Alias(p[2])).Reason);
    }

    [Fact]
    public void Verify_NonZeroTrailingBitsInPayload_TokenInvalid()
    {
        string payload = TokenFactory.Payload(",\"x\":\"a\"");
        string token = TokenFactory.Forge(TokenFactory.Header(), payload);
        string[] p = token.Split('.');
        if (p[1].Length % 4 == 0)
        {
            token = TokenFactory.Forge(TokenFactory.Header(), TokenFactory.Payload(",\"x\":\"ab\""));
            p = token.Split('.');
        }

        Assert.NotEqual(0, p[1].Length % 4);
        Assert.Equal(ReasonCodes.TokenInvalid, Verify(p[0] + "." + Alias(p[1]) + "." + p[2]).Reason);
    }

    [Fact]
    public void Verify_TokenLongerThanLimit_TokenInvalid()
    {
        string huge = TokenFactory.Forge(TokenFactory.Header(), TokenFactory.Payload(",\"pad\":\"" + new string('a', 20_000) + "\""));

        TokenVerificationResult result = Verify(huge);

        Assert.Equal(ReasonCodes.TokenInvalid, result.Reason);
        Assert.Contains("longer", result.Message);
    }

    [Fact]
    public void Verify_TenMegabyteGarbage_TokenInvalidQuickly()
    {
        Assert.Equal(ReasonCodes.TokenInvalid, Verify(new string('A', 10_000_000)).Reason);
    }

    [Fact]
    public void Verify_DeeplyNestedPayload_TokenInvalid()
    {
        string nested = new string('[', 100) + new string(']', 100);

        Assert.Equal(ReasonCodes.TokenInvalid, Verify(TokenFactory.Forge(TokenFactory.Header(), TokenFactory.Payload(",\"deep\":" + nested))).Reason);
    }

    [Fact]
    public void Verify_NestingAtLimit_Accepted()
    {
        // Depth 16 in total: the claim set object is level 1.
        string nested = new string('[', 15) + new string(']', 15);

        Assert.True(Verify(TokenFactory.Forge(TokenFactory.Header(), TokenFactory.Payload(",\"deep\":" + nested))).IsValid);
    }

    [Fact]
    public void Verify_DeeplyNestedHeader_TokenInvalidBeforeSignature()
    {
        string header = "{\"alg\":\"RS256\",\"kid\":\"ins_test_rsa\",\"x\":" + new string('[', 50) + new string(']', 50) + "}";
        string token = TokenFactory.B64(header) + "." + TokenFactory.B64(Payload) + ".AAAA";

        Assert.Equal(ReasonCodes.TokenInvalid, Verify(token).Reason);
    }

    [Fact]
    public void Verify_EveryTruncation_NeverValidNeverThrows()
    {
        string token = TokenFactory.Mint();
        for (int length = 0; length < token.Length; length++)
        {
            TokenVerificationResult result = Verify(token[..length]);

            Assert.False(result.IsValid);
            Assert.Contains(result.Reason, new[] { ReasonCodes.TokenInvalid, ReasonCodes.TokenInvalidSignature });
        }
    }

    [Fact]
    public void Verify_EveryFlippedCharacter_NeverValid()
    {
        string token = TokenFactory.Mint(TestKeys.Ec);
        var keys = TokenFactory.Keys(TestKeys.Ec);
        for (int i = 0; i < token.Length; i++)
        {
            if (token[i] == '.')
            {
                continue;
            }

            char flipped = token[i] == 'A' ? 'B' : 'A';
            Assert.False(Verify(token[..i] + flipped + token[(i + 1)..], keys).IsValid);
        }
    }
}
