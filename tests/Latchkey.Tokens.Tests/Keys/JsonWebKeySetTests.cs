using Latchkey.Tokens.Tests.Support;

namespace Latchkey.Tokens.Tests.Keys;

public class JsonWebKeySetTests
{
    [Fact]
    public void FromJwks_MixedSet_KeepsUsableKeysAndExplainsTheRest()
    {
        string rsa = TestKeys.Rsa.PublicKey.ToJwk().ToJson();
        string ec = TestKeys.Ec.PublicKey.ToJwk().ToJson();
        string json = "{\"keys\":[" + rsa + "," + ec + ",{\"kty\":\"oct\",\"kid\":\"h\",\"k\":\"AAAA\"},{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}]}";

        VerificationKeySet set = VerificationKeySet.FromJwks(json);

        Assert.Equal(["ins_test_rsa", "ins_test_ec"], set.Keys.Select(k => k.Kid));
        Assert.Equal(2, set.RejectedKeys.Count);
        Assert.Contains("oct", set.RejectedKeys[0].Reason);
        Assert.Contains("kid", set.RejectedKeys[1].Reason);
    }

    [Fact]
    public void FromJwks_DuplicateKid_DropsBoth()
    {
        var a = TestKeys.Rsa.PublicKey.ToJwk();
        var b = TestKeys.Rsa2.PublicKey.WithKid("ins_test_rsa").ToJwk();

        VerificationKeySet set = VerificationKeySet.FromJwks(new JsonWebKeySet([a, b]));

        Assert.Empty(set.Keys);
        Assert.All(set.RejectedKeys, r => Assert.Contains("more than once", r.Reason));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"keys\":{}}")]
    [InlineData("{\"keys\":[1]}")]
    [InlineData("{\"keys\":[],\"keys\":[]}")]
    [InlineData("{\"keys\":[{\"kty\":\"RSA\",\"kty\":\"EC\"}]}")]
    [InlineData("{\"keys\":[{\"kty\":7}]}")]
    [InlineData("{\"keys\":[{\"kty\":\"RSA\",\"key_ops\":\"verify\"}]}")]
    [InlineData("{\"keys\":[]} trailing")]
    [InlineData("{\"keys\":[],}")]
    public void TryParse_Malformed_ReturnsFalse(string json)
    {
        Assert.False(JsonWebKeySet.TryParse(System.Text.Encoding.UTF8.GetBytes(json), out _, out string? error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void TryParse_TooManyKeys_ReturnsFalse()
    {
        string json = "{\"keys\":[" + string.Join(",", Enumerable.Repeat("{\"kty\":\"EC\"}", JsonWebKeySet.MaxKeys + 1)) + "]}";

        Assert.False(JsonWebKeySet.TryParse(System.Text.Encoding.UTF8.GetBytes(json), out _, out _));
    }

    [Fact]
    public void TryParse_PrivateMembers_FlaggedAndNeverWritten()
    {
        string json = "{\"keys\":[{\"kty\":\"EC\",\"kid\":\"e\",\"crv\":\"P-256\",\"x\":\"" + TestKeys.Ec.PublicKey.ToJwk().X + "\",\"y\":\"" + TestKeys.Ec.PublicKey.ToJwk().Y + "\",\"d\":\"secret\"}]}";

        JsonWebKeySet set = JsonWebKeySet.Parse(json);

        Assert.True(set.Keys[0].HasPrivateParameters);
        Assert.DoesNotContain("secret", set.ToJson());
        Assert.Single(VerificationKeySet.FromJwks(set).Keys);
    }

    [Theory]
    [InlineData("{\"kty\":\"RSA\",\"kid\":\"k\",\"use\":\"enc\"}", "use")]
    [InlineData("{\"kty\":\"RSA\",\"kid\":\"k\",\"key_ops\":[\"encrypt\"]}", "key_ops")]
    [InlineData("{\"kty\":\"EC\",\"kid\":\"k\",\"crv\":\"P-384\",\"x\":\"AA\",\"y\":\"AA\"}", "P-384")]
    [InlineData("{\"kty\":\"OKP\",\"kid\":\"k\",\"crv\":\"X25519\",\"x\":\"AA\"}", "X25519")]
    [InlineData("{\"kty\":\"RSA\",\"kid\":\"k\",\"alg\":\"PS256\",\"n\":\"AQAB\",\"e\":\"AQAB\"}", "PS256")]
    public void FromJwk_Unusable_ExplainsWhy(string json, string mention)
    {
        Assert.False(VerificationKey.TryFromJwk(JsonWebKey.Parse(json), out _, out string? error));
        Assert.Contains(mention, error);
    }

    [Fact]
    public void FromJwk_RsaModulusWithLeadingZero_Rejected()
    {
        var jwk = TestKeys.Rsa.PublicKey.ToJwk();
        byte[] n = [0, .. System.Buffers.Text.Base64Url.DecodeFromChars(jwk.N)];

        var padded = new JsonWebKey { Kty = "RSA", Kid = "k", E = "AQAB", N = System.Buffers.Text.Base64Url.EncodeToString(n) };

        Assert.False(VerificationKey.TryFromJwk(padded, out _, out string? error));
        Assert.Contains("leading zero", error);
    }

    [Fact]
    public void FromJwk_EcPointNotOnCurve_Rejected()
    {
        var jwk = TestKeys.Ec.PublicKey.ToJwk();
        byte[] y = System.Buffers.Text.Base64Url.DecodeFromChars(jwk.Y);
        y[^1] ^= 1;

        var bad = new JsonWebKey { Kty = "EC", Kid = "k", Crv = "P-256", X = jwk.X, Y = System.Buffers.Text.Base64Url.EncodeToString(y) };

        Assert.False(VerificationKey.TryFromJwk(bad, out _, out _));
    }

    [Fact]
    public void TryGetKey_ExactKidOnly()
    {
        VerificationKeySet set = TokenFactory.Keys();

        Assert.True(set.TryGetKey("ins_test_rsa", out _));
        Assert.False(set.TryGetKey("INS_TEST_RSA", out _));
        Assert.False(set.TryGetKey("ins_test_rsa ", out _));
        Assert.False(set.TryGetKey(null, out _));
    }

    [Fact]
    public void ForPem_AnyKid_ReturnsTheKey()
    {
        VerificationKeySet set = VerificationKeySet.FromSpkiPem(TestKeys.Rsa.PublicKey.ExportSpkiPem());

        Assert.True(set.IsPemMode);
        Assert.True(set.TryGetKey("whatever", out var key));
        Assert.True(set.TryGetKey(null, out _));
        Assert.Equal(TestKeys.Rsa.PublicKey.Thumbprint, key.Thumbprint);
    }

    [Fact]
    public void Create_DuplicateKid_Throws()
    {
        Assert.Throws<ArgumentException>(() => VerificationKeySet.Create(TestKeys.Rsa.PublicKey, TestKeys.Rsa2.PublicKey.WithKid("ins_test_rsa")));
    }
}
