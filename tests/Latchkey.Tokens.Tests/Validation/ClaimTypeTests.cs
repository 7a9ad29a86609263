using Latchkey.Tokens.Tests.Support;

namespace Latchkey.Tokens.Tests.Validation;

/// <summary>Wrong JSON types and absurd values for every claim, each with its reason code.</summary>
public class ClaimTypeTests
{
    private const string Failed = ReasonCodes.TokenVerificationFailed;

    private static string Claims(string replace, string with)
    {
        long t = TestKeys.Now.ToUnixTimeSeconds();
        var members = new Dictionary<string, string>
        {
            ["sub"] = "\"user_1\"", ["sid"] = "\"sess_1\"", ["iss"] = "\"" + TestKeys.Issuer + "\"", ["azp"] = "\"" + TestKeys.Origin + "\"",
            ["iat"] = t.ToString(), ["nbf"] = (t - 10).ToString(), ["exp"] = (t + 60).ToString(), ["v"] = "2",
        };
        if (with == "(absent)")
        {
            members.Remove(replace);
        }
        else
        {
            members[replace] = with;
        }

        return "{" + string.Join(",", members.Select(m => "\"" + m.Key + "\":" + m.Value)) + "}";
    }

    private static TokenVerificationResult Verify(string payload) =>
        TokenFactory.Verifier().Verify(TokenFactory.Forge(TokenFactory.Header(), payload), TokenFactory.Keys());

    [Theory]
    [InlineData("sub", "1", Failed)]
    [InlineData("sub", "null", Failed)]
    [InlineData("sub", "\"\"", Failed)]
    [InlineData("sub", "[\"user_1\"]", Failed)]
    [InlineData("sub", "{\"id\":\"user_1\"}", Failed)]
    [InlineData("sub", "true", Failed)]
    [InlineData("sub", "(absent)", Failed)]
    [InlineData("sid", "1", Failed)]
    [InlineData("sid", "null", Failed)]
    [InlineData("sid", "\"\"", Failed)]
    [InlineData("sid", "(absent)", Failed)]
    [InlineData("iss", "1", ReasonCodes.TokenInvalidIssuer)]
    [InlineData("iss", "null", ReasonCodes.TokenInvalidIssuer)]
    [InlineData("iss", "[\"https://clerk.example.com\"]", ReasonCodes.TokenInvalidIssuer)]
    [InlineData("iss", "(absent)", ReasonCodes.TokenInvalidIssuer)]
    [InlineData("azp", "1", ReasonCodes.TokenInvalidAuthorizedParties)]
    [InlineData("azp", "[\"https://example.com\"]", ReasonCodes.TokenInvalidAuthorizedParties)]
    [InlineData("azp", "(absent)", ReasonCodes.TokenInvalidAuthorizedParties)]
    [InlineData("exp", "\"1767225660\"", Failed)]
    [InlineData("exp", "null", Failed)]
    [InlineData("exp", "true", Failed)]
    [InlineData("exp", "[1767225660]", Failed)]
    [InlineData("exp", "-1", Failed)]
    [InlineData("exp", "1e20", Failed)]
    [InlineData("exp", "1e400", Failed)]
    [InlineData("exp", "253402300800", Failed)]
    [InlineData("exp", "9223372036854775808", Failed)]
    [InlineData("exp", "-9223372036854775808", Failed)]
    [InlineData("exp", "(absent)", Failed)]
    [InlineData("exp", "0", ReasonCodes.TokenExpired)]
    [InlineData("nbf", "\"0\"", Failed)]
    [InlineData("nbf", "-5", Failed)]
    [InlineData("nbf", "99999999999999", Failed)]
    [InlineData("nbf", "253402300799", ReasonCodes.TokenNotActiveYet)]
    [InlineData("iat", "\"0\"", Failed)]
    [InlineData("iat", "{}", Failed)]
    [InlineData("iat", "-0.5", Failed)]
    [InlineData("iat", "253402300799", ReasonCodes.TokenIatInTheFuture)]
    [InlineData("aud", "1", Failed)]
    [InlineData("aud", "[1]", Failed)]
    [InlineData("aud", "{\"a\":1}", Failed)]
    [InlineData("v", "\"2\"", Failed)]
    [InlineData("v", "2.5", Failed)]
    [InlineData("v", "0", Failed)]
    [InlineData("v", "-2", Failed)]
    [InlineData("v", "1e10", Failed)]
    [InlineData("sts", "1", Failed)]
    [InlineData("sts", "[\"active\"]", Failed)]
    [InlineData("jti", "1", Failed)]
    [InlineData("fva", "1", Failed)]
    [InlineData("fva", "[1]", Failed)]
    [InlineData("fva", "[1,2,3]", Failed)]
    [InlineData("fva", "[\"1\",\"2\"]", Failed)]
    [InlineData("fva", "[-2,0]", Failed)]
    [InlineData("fva", "[1.5,0]", Failed)]
    [InlineData("act", "\"user_admin\"", Failed)]
    [InlineData("act", "{}", Failed)]
    [InlineData("act", "{\"sub\":1}", Failed)]
    [InlineData("act", "{\"sub\":\"a\",\"sid\":1}", Failed)]
    [InlineData("o", "\"org_1\"", Failed)]
    [InlineData("o", "{}", Failed)]
    [InlineData("o", "{\"id\":1}", Failed)]
    [InlineData("o", "{\"id\":\"org_1\",\"rol\":[\"admin\"]}", Failed)]
    [InlineData("o", "{\"id\":\"org_1\",\"fpm\":\"1,x\"}", Failed)]
    [InlineData("o", "{\"id\":\"org_1\",\"fpm\":\"-1\"}", Failed)]
    [InlineData("o", "{\"id\":\"org_1\",\"fpm\":\"1,,3\"}", Failed)]
    [InlineData("fea", "1", Failed)]
    [InlineData("fea", "\"nocolon\"", Failed)]
    [InlineData("fea", "\"o:a,b\"", Failed)]
    [InlineData("pla", "[\"u:free\"]", Failed)]
    [InlineData("org_id", "1", Failed)]
    [InlineData("org_slug", "{}", Failed)]
    [InlineData("org_role", "[]", Failed)]
    [InlineData("org_permissions", "\"org:a:b\"", Failed)]
    [InlineData("org_permissions", "[1]", Failed)]
    public void Verify_ClaimOfWrongTypeOrAbsurdValue_Rejected(string claim, string json, string reason)
    {
        TokenVerificationResult result = Verify(Claims(claim, json));

        Assert.False(result.IsValid);
        Assert.Equal(reason, result.Reason);
        Assert.Contains(claim.Split('_')[0], result.Message);
    }

    [Theory]
    [InlineData("aud", "\"api\"")]
    [InlineData("aud", "[]")]
    [InlineData("nbf", "(absent)")]
    [InlineData("iat", "(absent)")]
    [InlineData("v", "(absent)")]
    [InlineData("exp", "1767225660.5")]
    [InlineData("fva", "[-1,-1]")]
    [InlineData("custom", "{\"nested\":[1,\"two\",null,{\"x\":true}]}")]
    [InlineData("o", "{\"id\":\"org_1\",\"fpm\":\"340282366920938463463374607431768211456\",\"extra\":1}")]
    public void Verify_UnusualButValidClaim_Accepted(string claim, string json)
    {
        TokenVerificationResult result = Verify(Claims(claim, json));

        Assert.True(result.IsValid, result.ToString());
    }

    [Theory]
    [InlineData("1767225660")]
    [InlineData("1767225660.0")]
    [InlineData("1.76722566e9")]
    [InlineData("17672256600E-1")]
    public void Verify_NumericDateSpelledAsIntegerFractionOrExponent_SameInstant(string exp)
    {
        TokenVerificationResult result = Verify(Claims("exp", exp));

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1767225660), result.ExpiresAt);
    }

    [Fact]
    public void Verify_EscapedMachineSubject_StillRecognized()
    {
        TokenVerificationResult result = Verify(Claims("sub", "\"\\u006dch_123\""));

        Assert.Equal(ReasonCodes.TokenInvalid, result.Reason);
        Assert.Contains("mch_", result.Message);
    }

    [Fact]
    public void Verify_EscapedStrings_ReadUnescaped()
    {
        TokenVerificationResult result = Verify(Claims("sub", "\"user_\\u00e9\\n\\\"x\\\"\"").Replace("}", ",\"sts\":\"act\\u0069ve\",\"jti\":\"\u00e9t\u00e9\"}"));

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal("user_\u00e9\n\"x\"", result.Claims!.Subject);
        Assert.Equal("active", result.Claims.SessionStatus);
        Assert.Equal("\u00e9t\u00e9", result.Claims.TokenId);
        Assert.Equal("sess_1", result.Claims.SessionId);
    }

    [Theory]
    [InlineData("\"not json\"")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{\"sub\":\"user_1\"")]
    [InlineData("{\"sub\":\"user_1\"} {}")]
    [InlineData("{\"sub\":\"user_1\",}")]
    [InlineData("")]
    public void Verify_PayloadNotAClaimSet_TokenInvalid(string payload)
    {
        Assert.Equal(ReasonCodes.TokenInvalid, Verify(payload).Reason);
    }
}
