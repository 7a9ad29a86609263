using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Latchkey.Tokens.Tests.Support;

namespace Latchkey.Tokens.Tests.Vectors;

/// <summary>Known-answer vectors of RFC 7515 Appendix A and RFC 7520 Section 4, kept as fixtures beside the tests.</summary>
public class RfcVectorTests
{
    private static readonly TokenVerifier Verifier = new(new TokenValidationOptions { ValidateIssuer = false }, TokenFactory.Clock());

    private static JsonObject Fixture(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vectors", "Fixtures", name)))!.AsObject();

    private static VerificationKeySet PemMode(JsonNode jwk) =>
        VerificationKeySet.ForPem(VerificationKey.FromJwk(JsonWebKey.Parse(WithKid(jwk))));

    private static string WithKid(JsonNode jwk)
    {
        JsonObject copy = jwk.DeepClone().AsObject();
        copy["kid"] ??= "rfc";
        return copy.ToJsonString();
    }

    private static byte[] B(JsonNode jwk, string name) => Base64Url.DecodeFromChars((string)jwk[name]!);

    [Fact]
    public void Rfc7515A2_Rs256Example_SignatureVerifies()
    {
        JsonObject v = Fixture("rfc7515-a2-rs256.json");

        TokenVerificationResult jws = Verifier.VerifySignatureOnly((string)v["jws"]!, PemMode(v["jwk"]!));

        Assert.Equal(TokenVerifier.SignatureVerifiedMarker, jws.Reason);
        Assert.Equal("RS256", jws.Header!.Algorithm);
    }

    [Fact]
    public void Rfc7515A2_Rs256Example_FullVerifierRejectsMissingSub()
    {
        // The example claim set ({"iss":"joe","exp":1300819380,...}) is not a session token.
        JsonObject v = Fixture("rfc7515-a2-rs256.json");

        TokenVerificationResult result = Verifier.Verify((string)v["jws"]!, PemMode(v["jwk"]!));

        Assert.Equal(ReasonCodes.TokenVerificationFailed, result.Reason);
        Assert.Contains("sub", result.Message);
        Assert.Equal("joe", result.Claims!.Issuer);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1300819380), result.ExpiresAt);
    }

    [Fact]
    public void Rfc7515A2_SigningWithThePrivateKey_ReproducesTheSignature()
    {
        JsonObject v = Fixture("rfc7515-a2-rs256.json");
        JsonNode jwk = v["jwk"]!;
        using var rsa = RSA.Create();
        rsa.ImportParameters(new RSAParameters
        {
            Modulus = B(jwk, "n"), Exponent = B(jwk, "e"), D = B(jwk, "d"), P = B(jwk, "p"), Q = B(jwk, "q"),
            DP = B(jwk, "dp"), DQ = B(jwk, "dq"), InverseQ = B(jwk, "qi"),
        });
        using SigningKey key = SigningKey.FromPkcs8Pem(rsa.ExportPkcs8PrivateKeyPem(), "rfc");
        string[] parts = ((string)v["jws"]!).Split('.');
        var signature = new byte[key.SignatureLength];

        int written = key.Sign(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature);

        Assert.Equal(parts[2], Base64Url.EncodeToString(signature.AsSpan(0, written)));
    }

    [Fact]
    public void Rfc7515A3_Es256Example_SignatureVerifies()
    {
        JsonObject v = Fixture("rfc7515-a3-es256.json");

        TokenVerificationResult jws = Verifier.VerifySignatureOnly((string)v["jws"]!, PemMode(v["jwk"]!));

        Assert.Equal(TokenVerifier.SignatureVerifiedMarker, jws.Reason);
    }

    [Fact]
    public void Rfc7515A3_TamperedSignature_Rejected()
    {
        JsonObject v = Fixture("rfc7515-a3-es256.json");
        string token = (string)v["jws"]!;
        string tampered = token[..^5] + (token[^5] == 'A' ? 'B' : 'A') + token[^4..];

        Assert.Equal(ReasonCodes.TokenInvalidSignature, Verifier.VerifySignatureOnly(tampered, PemMode(v["jwk"]!)).Reason);
    }

    [Fact]
    public void Rfc7515A1_Hs256Example_RejectedAsAlgorithm()
    {
        JsonObject v = Fixture("rfc7515-a1-hs256.json");

        TokenVerificationResult result = Verifier.Verify((string)v["jws"]!, PemMode(Fixture("rfc7515-a2-rs256.json")["jwk"]!));

        Assert.Equal(ReasonCodes.TokenInvalidAlgorithm, result.Reason);
    }

    [Theory]
    [InlineData("Figure13", null)]
    [InlineData("Figure20", ReasonCodes.TokenInvalidAlgorithm)]
    [InlineData("Figure27", ReasonCodes.TokenInvalidAlgorithm)]
    [InlineData("Figure35", ReasonCodes.TokenInvalidAlgorithm)]
    public void Rfc7520Section4_Signatures_AcceptedOnlyInsideTheAllowList(string figure, string? reason)
    {
        JsonObject v = Fixture("rfc7520-section4-signatures.json");
        JsonNode vector = v["vectors"]!.AsArray().Single(x => (string)x!["figure"]! == figure)!;
        JsonWebKeySet jwks = JsonWebKeySet.Parse("{\"keys\":[" + vector["jwk"]!.ToJsonString() + "]}");
        VerificationKeySet keys = VerificationKeySet.FromJwks(jwks);
        string token = (string)vector["jws"]!;

        TokenVerificationResult result = Verifier.VerifySignatureOnly(token, keys);

        Assert.Equal(reason ?? TokenVerifier.SignatureVerifiedMarker, result.Reason);
        if (reason is null)
        {
            string payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.Split('.')[1]));
            Assert.Equal((string)v["payload"]!, payload);
            Assert.Equal("bilbo.baggins@hobbiton.example", result.Header!.KeyId);
            Assert.Equal(ReasonCodes.TokenInvalid, Verifier.Verify(token, keys).Reason); // prose, not a claim set
        }
    }
}
