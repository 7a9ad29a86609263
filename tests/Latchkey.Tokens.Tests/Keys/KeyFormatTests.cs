using System.Security.Cryptography;
using Latchkey.Tokens.Tests.Support;

namespace Latchkey.Tokens.Tests.Keys;

public class KeyFormatTests
{
    public static TheoryData<string> KeyNames => new() { "RSA", "EC", "ED" };

    private static SigningKey Key(string name) => name switch { "RSA" => TestKeys.Rsa, "EC" => TestKeys.Ec, _ => TestKeys.Ed };

    [Theory]
    [MemberData(nameof(KeyNames))]
    public void ExportPkcs8Pem_Reimported_SignsVerifiableTokens(string name)
    {
        SigningKey original = Key(name);
        using SigningKey copy = SigningKey.FromPkcs8Pem(original.ExportPkcs8Pem(), original.Kid);

        string token = TokenFactory.Mint(copy);

        Assert.Equal(original.Algorithm, copy.Algorithm);
        Assert.Equal(original.PublicKey.Thumbprint, copy.PublicKey.Thumbprint);
        Assert.True(TokenFactory.Verifier().Verify(token, TokenFactory.Keys(original)).IsValid);
    }

    [Theory]
    [MemberData(nameof(KeyNames))]
    public void ExportSpkiPem_Reimported_SameThumbprint(string name)
    {
        VerificationKey key = Key(name).PublicKey;

        VerificationKey copy = VerificationKey.FromSpkiPem(key.ExportSpkiPem(), key.Kid);

        Assert.Equal(key.Thumbprint, copy.Thumbprint);
        Assert.Equal(key.KeyType, copy.KeyType);
    }

    [Theory]
    [MemberData(nameof(KeyNames))]
    public void ToJwk_ParsedBack_SameKeyAndAlgorithm(string name)
    {
        VerificationKey key = Key(name).PublicKey;

        JsonWebKey jwk = JsonWebKey.Parse(key.ToJwk().ToJson());
        VerificationKey copy = VerificationKey.FromJwk(jwk);

        Assert.Equal(key.Thumbprint, copy.Thumbprint);
        Assert.Equal(key.Algorithms, copy.Algorithms);
        Assert.Equal("sig", jwk.Use);
        Assert.False(jwk.HasPrivateParameters);
    }

    [Fact]
    public void ToJwk_RsaKey_HasClerkShape()
    {
        JsonWebKey jwk = TestKeys.Rsa.PublicKey.ToJwk();

        Assert.Equal("RSA", jwk.Kty);
        Assert.Equal("ins_test_rsa", jwk.Kid);
        Assert.Equal("RS256", jwk.Alg);
        Assert.Equal("AQAB", jwk.E);
        Assert.Equal(342, jwk.N!.Length); // 256 bytes
    }

    [Fact]
    public void Thumbprint_Rfc7638Example_Matches()
    {
        // RFC 7638 §3.1.
        var jwk = new JsonWebKey
        {
            Kty = "RSA", Kid = "2011-04-29", E = "AQAB",
            N = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
        };

        Assert.Equal("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs", VerificationKey.FromJwk(jwk).Thumbprint);
    }

    [Fact]
    public void FromSpkiPem_Rsa1024_Rejected()
    {
        using var rsa = RSA.Create(1024);

        var ex = Assert.Throws<FormatException>(() => VerificationKey.FromSpkiPem(rsa.ExportSubjectPublicKeyInfoPem(), "k"));
        Assert.Contains("2048", ex.Message);
    }

    [Fact]
    public void FromSpkiPem_RsaExponent3_Rejected()
    {
        using var rsa = RSA.Create(2048);
        var p = rsa.ExportParameters(false);
        var jwk = new JsonWebKey { Kty = "RSA", Kid = "k", N = System.Buffers.Text.Base64Url.EncodeToString(p.Modulus), E = "Aw" };

        Assert.False(VerificationKey.TryFromJwk(jwk, out _, out string? error));
        Assert.Contains("65537", error);
    }

    [Fact]
    public void FromSpkiPem_P384Key_Rejected()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        Assert.Throws<FormatException>(() => VerificationKey.FromSpkiPem(ec.ExportSubjectPublicKeyInfoPem(), "k"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a pem")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")]
    public void FromSpkiPem_Garbage_ThrowsFormatException(string pem)
    {
        Assert.Throws<FormatException>(() => VerificationKey.FromSpkiPem(pem, "k"));
    }

    [Fact]
    public void FromSpkiPem_TwoKeys_Rejected()
    {
        string pem = TestKeys.Rsa.PublicKey.ExportSpkiPem() + "\n" + TestKeys.Ec.PublicKey.ExportSpkiPem();

        Assert.Throws<FormatException>(() => VerificationKey.FromSpkiPem(pem, "k"));
    }

    [Fact]
    public void FromPkcs8Pem_RsaWithEcAlgorithm_Throws()
    {
        Assert.Throws<ArgumentException>(() => SigningKey.FromPkcs8Pem(TestKeys.Rsa.ExportPkcs8Pem(), "k", "ES256"));
    }

    [Fact]
    public void FromSpkiPem_RestrictedAlgorithm_BindsKey()
    {
        VerificationKey key = VerificationKey.FromSpkiPem(TestKeys.Rsa.PublicKey.ExportSpkiPem(), "k", "RS512");

        Assert.Equal(["RS512"], key.Algorithms);
        Assert.Throws<FormatException>(() => VerificationKey.FromSpkiPem(TestKeys.Rsa.PublicKey.ExportSpkiPem(), "k", "ES256"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a\nb")]
    public void GenerateRsa_BadKid_Throws(string kid)
    {
        Assert.Throws<ArgumentException>(() => SigningKey.GenerateEcP256(kid));
    }

    [Fact]
    public void GenerateRsa_KeySizeBelow2048_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SigningKey.GenerateRsa("k", 1024));
    }
}
