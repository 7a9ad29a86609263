using Latchkey.Tokens.Tests.Support;
using System.Text;

namespace Latchkey.Tokens.Tests.Keys;

/// <summary>
/// Ill-formed Unicode in a JWK or JWK Set (a lone surrogate escape or invalid UTF-8, in a name or
/// a value, at any level): <c>TryParse</c> returns false naming the member, <c>Parse</c> and
/// <c>VerificationKeySet.FromJwks(json)</c> throw <see cref="FormatException"/>; never
/// <see cref="InvalidOperationException"/>.
/// </summary>
public class JsonWebKeyUnicodeTests
{
    private const string Why = "not valid Unicode";

    public static TheoryData<string, string> BadSets()
    {
        var data = new TheoryData<string, string>();
        foreach (string s in new[] { "\\ud800", "\\udc00", "\\uDBFFx", "x\\uDFFF", "\\ud800\\ud800" })
        {
            data.Add("{\"keys\":[],\"" + s + "\":1}", "JWK Set has a member name");
            data.Add("{\"" + s + "keys\":[]}", "JWK Set has a member name");
            data.Add("{\"keys\":[],\"x\":\"" + s + "\"}", "\"x\"");
            data.Add("{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"" + s + "\"}]}", "\"keys.kid\"");
            data.Add("{\"keys\":[{\"kty\":\"" + s + "\"}]}", "\"keys.kty\"");
            data.Add("{\"keys\":[{\"kty\":\"RSA\",\"key_ops\":[\"verify\",\"" + s + "\"]}]}", "\"keys.key_ops\"");
            data.Add("{\"keys\":[{\"kty\":\"RSA\",\"" + s + "\":\"v\"}]}", "\"keys\" has a member name");
            data.Add("{\"keys\":[{\"kty\":\"RSA\",\"x5c\":[\"" + s + "\"]}]}", "\"keys.x5c\"");
            data.Add("{\"keys\":[{\"kty\":\"RSA\",\"ext\":{\"" + s + "\":1}}]}", "\"keys.ext\" has a member name");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BadSets))]
    public void TryParse_IllFormedUnicodeInSet_FalseNamingTheMember(string json, string mention)
    {
        Assert.False(JsonWebKeySet.TryParse(Encoding.UTF8.GetBytes(json), out JsonWebKeySet? set, out string? error));
        Assert.Null(set);
        Assert.Contains(Why, error);
        Assert.Contains(mention, error);
    }

    [Theory]
    [MemberData(nameof(BadSets))]
    public void FromJwks_IllFormedUnicode_FormatException(string json, string mention)
    {
        FormatException e = Assert.Throws<FormatException>(() => VerificationKeySet.FromJwks(json));
        Assert.Contains(mention, e.Message);
        Assert.Throws<FormatException>(() => JsonWebKeySet.Parse(json));
    }

    [Theory]
    [InlineData("{\"kty\":\"RSA\",\"kid\":\"\\ud800\"}", "\"kid\"")]
    [InlineData("{\"kty\":\"RSA\",\"kid\":\"\\udc00\"}", "\"kid\"")]
    [InlineData("{\"kty\":\"RSA\",\"alg\":\"RS256\\ud800\"}", "\"alg\"")]
    [InlineData("{\"kty\":\"RSA\",\"use\":\"\\udc00sig\"}", "\"use\"")]
    [InlineData("{\"kty\":\"RSA\",\"n\":\"\\ud800\",\"e\":\"AQAB\"}", "\"n\"")]
    [InlineData("{\"kty\":\"RSA\",\"key_ops\":[\"\\ud800\"]}", "\"key_ops\"")]
    [InlineData("{\"kty\":\"RSA\",\"key_ops\":[\"\\udc00\"]}", "\"key_ops\"")]
    [InlineData("{\"kty\":\"RSA\",\"\\ud800\":1}", "JWK has a member name")]
    [InlineData("{\"\\udc00kty\":\"RSA\"}", "JWK has a member name")]
    [InlineData("{\"kty\":\"RSA\",\"d\":\"\\ud800\"}", "\"d\"")]
    public void TryParse_IllFormedUnicodeInKey_FalseNamingTheMember(string json, string mention)
    {
        Assert.False(JsonWebKey.TryParse(Encoding.UTF8.GetBytes(json), out JsonWebKey? key, out string? error));
        Assert.Null(key);
        Assert.Contains(Why, error);
        Assert.Contains(mention, error);
        Assert.Throws<FormatException>(() => JsonWebKey.Parse(json));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    [InlineData(new byte[] { 0xE2, 0x82 })]
    public void TryParse_InvalidUtf8_False(byte[] bad)
    {
        byte[] Set(string before, string after) => [.. Encoding.UTF8.GetBytes(before), .. bad, .. Encoding.UTF8.GetBytes(after)];

        Assert.False(JsonWebKeySet.TryParse(Set("{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"", "\"}]}"), out _, out string? valueError));
        Assert.Contains("\"keys.kid\"", valueError);
        Assert.False(JsonWebKeySet.TryParse(Set("{\"keys\":[],\"", "\":1}"), out _, out string? nameError));
        Assert.Contains(Why, nameError);
        Assert.False(JsonWebKey.TryParse(Set("{\"kty\":\"RSA\",\"", "\":1}"), out _, out string? keyError));
        Assert.Contains(Why, keyError);
    }

    [Fact]
    public void TryParse_SurrogatePairAndEscapedBackslash_Accepted()
    {
        string jwk = TestKeys.Rsa.PublicKey.ToJwk().ToJson().Replace("\"kid\":\"ins_test_rsa\"", "\"kid\":\"k_\\ud83d\\ude00\\\\ud800\"", StringComparison.Ordinal);
        string json = "{\"keys\":[" + jwk + "],\"\\uD83D\\uDE00\":[\"\\\\udc00\"]}";

        Assert.True(JsonWebKeySet.TryParse(Encoding.UTF8.GetBytes(json), out JsonWebKeySet? set, out string? error), error);
        Assert.Equal("k_\U0001F600\\ud800", set.Keys[0].Kid);
        Assert.Equal("k_\U0001F600\\ud800", Assert.Single(VerificationKeySet.FromJwks(set).Keys).Kid);
    }
}
