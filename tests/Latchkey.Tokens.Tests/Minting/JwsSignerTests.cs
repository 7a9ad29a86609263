using System.Text;
using System.Text.Json;
using Latchkey.Tokens.Tests.Support;

namespace Latchkey.Tokens.Tests.Minting;

public class JwsSignerTests
{
    private static readonly byte[] HandshakePayload = Encoding.UTF8.GetBytes("""{"handshake":["__session=abc; Path=/","__client_uat=0; Path=/"],"iat":1767225600,"exp":1767225660}""");

    [Theory]
    [MemberData(nameof(MintVerifyRoundTripTests.Algorithms), MemberType = typeof(MintVerifyRoundTripTests))]
    public void Sign_EachAlgorithm_SignatureVerifiesWithThePublicKey(string name)
    {
        SigningKey key = name switch
        {
            "RSA" => TestKeys.Rsa,
            "EC" => TestKeys.Ec,
            "ED" => TestKeys.Ed,
            _ => SigningKey.FromPkcs8Pem(TestKeys.Rsa.ExportPkcs8Pem(), "ins_" + name, name),
        };

        string jws = JwsSigner.Sign(HandshakePayload, key, TokenCategories.Session);

        TokenVerificationResult result = TokenFactory.Verifier().VerifySignature(jws, TokenFactory.Keys(key));
        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(key.Kid, result.Header!.KeyId);
        Assert.Equal(key.Algorithm, result.Header.Algorithm);
        Assert.Equal("JWT", result.Header.Type);
        Assert.Equal(TokenCategories.Session, result.Header.Category);
    }

    [Fact]
    public void Sign_Payload_IsCarriedByteForByte()
    {
        string jws = JwsSigner.Sign(HandshakePayload, TestKeys.Rsa);

        byte[] payload = System.Buffers.Text.Base64Url.DecodeFromChars(jws.Split('.')[1]);
        Assert.Equal(HandshakePayload, payload);
        using var header = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(jws.Split('.')[0]));
        Assert.False(header.RootElement.TryGetProperty("cat", out _));
    }

    [Fact]
    public void Sign_PayloadWithoutSubject_NeverVerifiesAsSessionToken()
    {
        string jws = JwsSigner.Sign(HandshakePayload, TestKeys.Rsa, TokenCategories.Session);

        TokenVerificationResult result = TokenFactory.Verifier(TokenFactory.Clock(TestKeys.Now)).Verify(jws, TokenFactory.Keys());

        Assert.False(result.IsValid);
        Assert.Equal(ReasonCodes.TokenVerificationFailed, result.Reason);
    }

    [Fact]
    public void Sign_OtherKeySet_SignatureRejected()
    {
        string jws = JwsSigner.Sign(HandshakePayload, TestKeys.Rsa);

        TokenVerificationResult result = TokenFactory.Verifier().VerifySignature(jws, TokenFactory.Keys(SigningKey.FromPkcs8Pem(TestKeys.Rsa2.ExportPkcs8Pem(), TestKeys.Rsa.Kid)));

        Assert.Equal(ReasonCodes.TokenInvalidSignature, result.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("{\"a\":1}{}")]
    [InlineData("{\"a\":1,}")]
    [InlineData("{\"a\":")]
    [InlineData("{/*c*/}")]
    public void Sign_NotOneJsonObject_Throws(string payload)
    {
        Assert.Throws<ArgumentException>(() => JwsSigner.Sign(Encoding.UTF8.GetBytes(payload), TestKeys.Rsa));
    }

    [Fact]
    public void Sign_PayloadTooLargeOrTooDeep_Throws()
    {
        byte[] large = Encoding.UTF8.GetBytes("{\"x\":\"" + new string('a', JwsSigner.MaxPayloadBytes) + "\"}");
        byte[] deep = Encoding.UTF8.GetBytes("{\"x\":" + string.Concat(Enumerable.Repeat("[", 40)) + string.Concat(Enumerable.Repeat("]", 40)) + "}");

        Assert.Throws<ArgumentException>(() => JwsSigner.Sign(large, TestKeys.Rsa));
        Assert.Throws<ArgumentException>(() => JwsSigner.Sign(deep, TestKeys.Rsa));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a\"b")]
    [InlineData("caté")]
    public void Sign_BadCategory_Throws(string category)
    {
        Assert.Throws<ArgumentException>(() => JwsSigner.Sign(HandshakePayload, TestKeys.Rsa, category));
    }

    [Fact]
    public void Mint_SessionTokenThroughSharedEncoder_StillVerifies()
    {
        string token = TokenFactory.Mint(TestKeys.Ec);

        Assert.True(TokenFactory.Verifier().Verify(token, TokenFactory.Keys(TestKeys.Ec)).IsValid);
    }
}
