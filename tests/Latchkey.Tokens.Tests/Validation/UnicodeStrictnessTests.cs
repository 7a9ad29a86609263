using System.Text;
using System.Text.Json;
using Latchkey.Tokens.Tests.Support;

namespace Latchkey.Tokens.Tests.Validation;

/// <summary>
/// Ill-formed Unicode in a token: a lone surrogate escape (<c>\ud800</c>, <c>\udc00</c>) or invalid
/// UTF-8, in a member name or a string value, in the header or anywhere in the claim set (known,
/// custom, nested). Each is a clean <c>token-invalid</c> that names where it is, never an exception;
/// well-formed escapes (a surrogate pair, an escaped backslash) still verify.
/// </summary>
public class UnicodeStrictnessTests
{
    private const string Why = "not valid Unicode";

    private static TokenVerificationResult Verify(string token) =>
        TokenFactory.Verifier().Verify(token, TokenFactory.Keys());

    public static TheoryData<string, string> BadHeaders()
    {
        var data = new TheoryData<string, string>();
        foreach (string s in new[] { "\\ud800", "\\udc00", "a\\ud83d", "\\ude00b", "\\ud83d\\ud83d" })
        {
            data.Add(TokenFactory.Header(kid: s), "\"kid\"");
            data.Add(TokenFactory.Header(extra: ",\"" + s + "\":1"), "member name");
            data.Add("{\"alg\":\"" + s + "\",\"kid\":\"ins_test_rsa\"}", "\"alg\"");
            data.Add("{\"alg\":\"RS256\",\"kid\":\"ins_test_rsa\",\"typ\":\"" + s + "\"}", "\"typ\"");
            data.Add(TokenFactory.Header(extra: ",\"cat\":\"" + s + "\""), "\"cat\"");
            data.Add(TokenFactory.Header(extra: ",\"x-custom\":[\"" + s + "\"]"), "\"x-custom\"");
            data.Add(TokenFactory.Header(extra: ",\"jwk\":{\"kid\":\"" + s + "\"}"), "\"jwk.kid\"");
            data.Add(TokenFactory.Header(extra: ",\"jwk\":{\"" + s + "\":1}"), "\"jwk\" has a member name");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public void Verify_IllFormedUnicodeInHeader_TokenInvalidNamingTheMember(string header, string mention)
    {
        TokenVerificationResult result = Verify(TokenFactory.Forge(header, TokenFactory.Payload()));

        Assert.False(result.IsValid);
        Assert.Equal(ReasonCodes.TokenInvalid, result.Reason);
        Assert.Contains(Why, result.Message);
        Assert.Contains(mention, result.Message);
    }

    public static TheoryData<string, string> BadPayloads()
    {
        var data = new TheoryData<string, string>();
        foreach (string s in new[] { "\\ud800", "\\udc00", "\\uD800", "x\\udbff", "\\udfffy", "\\ud800\\u0041" })
        {
            foreach (string claim in new[] { "sub", "sid", "jti", "sts", "pla", "org_id", "org_slug", "org_role" })
            {
                data.Add(Replace(claim, "\"" + s + "\""), "\"" + claim + "\"");
            }

            data.Add(Replace("iss", "\"" + s + "\""), "\"iss\"");
            data.Add(Replace("azp", "\"" + s + "\""), "\"azp\"");
            data.Add(TokenFactory.Payload(",\"fea\":\"o:" + s + "\""), "\"fea\"");
            data.Add(TokenFactory.Payload(",\"aud\":\"" + s + "\""), "\"aud\"");
            data.Add(TokenFactory.Payload(",\"aud\":[\"a\",\"" + s + "\"]"), "\"aud\"");
            data.Add(TokenFactory.Payload(",\"org_permissions\":[\"" + s + "\"]"), "\"org_permissions\"");
            data.Add(TokenFactory.Payload(",\"act\":{\"sub\":\"" + s + "\"}"), "\"act.sub\"");
            data.Add(TokenFactory.Payload(",\"o\":{\"id\":\"org_1\",\"rol\":\"" + s + "\"}"), "\"o.rol\"");
            data.Add(TokenFactory.Payload(",\"custom\":\"" + s + "\""), "\"custom\"");
            data.Add(TokenFactory.Payload(",\"custom\":{\"deep\":[{\"x\":\"" + s + "\"}]}"), "\"custom.deep.x\"");
            data.Add(TokenFactory.Payload(",\"" + s + "\":1"), "payload has a member name");
            data.Add(TokenFactory.Payload(",\"custom\":{\"" + s + "\":1}"), "\"custom\" has a member name");
            data.Add(TokenFactory.Payload(",\"act\":{\"sub\":\"u\",\"" + s + "\":1}"), "\"act\" has a member name");
        }

        return data;
    }

    private static string Replace(string claim, string value)
    {
        string payload = TokenFactory.Payload();
        if (payload.Contains("\"" + claim + "\":"))
        {
            int start = payload.IndexOf("\"" + claim + "\":", StringComparison.Ordinal) + claim.Length + 3;
            int end = payload.IndexOf('"', start + 1) + 1;
            return payload[..start] + value + payload[end..];
        }

        return payload[..^1] + ",\"" + claim + "\":" + value + "}";
    }

    [Theory]
    [MemberData(nameof(BadPayloads))]
    public void Verify_IllFormedUnicodeInClaims_TokenInvalidNamingTheMember(string payload, string mention)
    {
        TokenVerificationResult result = Verify(TokenFactory.Forge(TokenFactory.Header(), payload));

        Assert.False(result.IsValid);
        Assert.Equal(ReasonCodes.TokenInvalid, result.Reason);
        Assert.Contains(Why, result.Message);
        Assert.Contains(mention, result.Message);
    }

    [Theory]
    [MemberData(nameof(BadPayloads))]
    public void TryDecode_IllFormedUnicodeInClaims_FalseNamingTheMember(string payload, string mention)
    {
        string token = TokenFactory.Forge(TokenFactory.Header(), payload);

        Assert.False(JwtDecoder.TryDecode(token, TokenValidationOptions.DefaultMaxTokenLength, TokenValidationOptions.DefaultMaxJsonDepth, out DecodedToken? decoded, out string? error));
        Assert.Null(decoded);
        Assert.Contains(Why, error);
        Assert.Contains(mention, error);
    }

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public void TryDecode_IllFormedUnicodeInHeader_FalseNamingTheMember(string header, string mention)
    {
        string token = TokenFactory.Forge(header, TokenFactory.Payload());

        Assert.False(JwtDecoder.TryDecode(token, TokenValidationOptions.DefaultMaxTokenLength, TokenValidationOptions.DefaultMaxJsonDepth, out _, out string? error));
        Assert.Contains(Why, error);
        Assert.Contains(mention, error);
    }

    public static TheoryData<byte[], bool> InvalidUtf8()
    {
        byte[] Bytes(string before, byte[] bad, string after) => [.. Encoding.UTF8.GetBytes(before), .. bad, .. Encoding.UTF8.GetBytes(after)];
        string payload = TokenFactory.Payload();
        byte[] surrogateAsUtf8 = [0xED, 0xA0, 0x80];   // CESU-style encoding of U+D800: not UTF-8
        byte[] stray = [0xFF];
        byte[] truncated = [0xE2, 0x82];
        return new TheoryData<byte[], bool>
        {
            { Bytes(payload[..^1] + ",\"custom\":\"", surrogateAsUtf8, "\"}"), false },
            { Bytes(payload[..^1] + ",\"", stray, "\":1}"), false },
            { Bytes(payload[..^1] + ",\"pla\":\"", truncated, "\"}"), false },
            { Bytes(payload[..^1] + ",\"sub2\":{\"x\":[\"", stray, "\"]}}"), false },
            { Bytes(TokenFactory.Header()[..^1] + ",\"x\":\"", stray, "\"}"), true },
            { Bytes("{\"alg\":\"RS256\",\"kid\":\"ins_test_", surrogateAsUtf8, "\"}"), true },
        };
    }

    [Theory]
    [MemberData(nameof(InvalidUtf8))]
    public void Verify_InvalidUtf8_TokenInvalid(byte[] json, bool isHeader)
    {
        byte[] header = isHeader ? json : Encoding.UTF8.GetBytes(TokenFactory.Header());
        byte[] payload = isHeader ? Encoding.UTF8.GetBytes(TokenFactory.Payload()) : json;
        string token = TokenFactory.Forge(header, payload);

        TokenVerificationResult result = Verify(token);

        Assert.Equal(ReasonCodes.TokenInvalid, result.Reason);
        Assert.Contains(Why, result.Message);
        Assert.False(JwtDecoder.TryDecode(token, out _));
    }

    [Fact]
    public void Verify_SurrogatePairAndEscapedBackslash_VerifyAndReadBack()
    {
        // \ud83d\ude00 is one character (U+1F600); \\ud800 is a backslash followed by the text "ud800".
        string payload = TokenFactory.Payload(",\"emoji\":\"\\ud83d\\ude00\",\"text\":\"\\\\ud800\",\"\\uD83D\\uDE00\":[\"\\u00e9\"]");
        string header = TokenFactory.Header(extra: ",\"x\":\"\\\\udc00\"");

        TokenVerificationResult result = Verify(TokenFactory.Forge(header, payload));

        Assert.True(result.IsValid, result.Message);
        Assert.True(result.Claims!.TryGetClaim("emoji", out JsonElement emoji));
        Assert.Equal("\U0001F600", emoji.GetString());
        Assert.True(result.Claims.TryGetClaim("text", out JsonElement text));
        Assert.Equal("\\ud800", text.GetString());
        Assert.True(result.Claims.TryGetClaim("\U0001F600", out JsonElement named));
        Assert.Equal("\u00e9", named[0].GetString());
    }

    [Fact]
    public void Verify_EscapedKnownClaimsWithPairs_ReadBack()
    {
        string payload = TokenFactory.Payload().Replace("\"sub\":\"user_1\"", "\"sub\":\"user_\\ud83d\\ude00\"", StringComparison.Ordinal);

        TokenVerificationResult result = Verify(TokenFactory.Forge(TokenFactory.Header(), payload));

        Assert.True(result.IsValid, result.Message);
        Assert.Equal("user_\U0001F600", result.Claims!.Subject);
    }
}
