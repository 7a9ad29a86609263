using Latchkey.Tokens.Tests.Support;

namespace Latchkey.Tokens.Tests.Validation;

public class ClaimValidationTests
{
    private static TokenVerificationResult VerifyAt(string token, DateTimeOffset now, Action<TokenValidationOptions>? change = null) =>
        TokenFactory.Verifier(TokenFactory.Clock(now), change).Verify(token, TokenFactory.Keys());

    // The token: iat = T, nbf = T - 10, exp = T + 60; skew 5 s. Boundaries per protocol §4.1 g–i.
    [Theory]
    [InlineData(64_999, true)]
    [InlineData(65_000, false)] // exp*1000 <= now - skew: expired exactly at exp + skew
    [InlineData(65_001, false)]
    public void Verify_AroundExpiryPlusSkew_ExpiresExactlyAtBoundary(int offsetMs, bool valid)
    {
        string token = TokenFactory.Mint();

        TokenVerificationResult result = VerifyAt(token, TestKeys.Now.AddMilliseconds(offsetMs));

        Assert.Equal(valid, result.IsValid);
        if (!valid)
        {
            Assert.Equal(ReasonCodes.TokenExpired, result.Reason);
            Assert.Contains("exp", result.Message);
            Assert.NotNull(result.Claims);
            Assert.Equal(TestKeys.Now.AddSeconds(60), result.ExpiresAt);
        }
    }

    [Theory]
    [InlineData(-15_000, true)] // nbf*1000 > now + skew fails; now = nbf - 5 s is the last good ms
    [InlineData(-15_001, false)]
    public void Verify_AroundNotBeforeMinusSkew_RejectsBeforeBoundary(int offsetMs, bool valid)
    {
        long t = TestKeys.Now.ToUnixTimeSeconds();
        string token = TokenFactory.Forge(TokenFactory.Header(),
            "{\"sub\":\"user_1\",\"sid\":\"sess_1\",\"iss\":\"" + TestKeys.Issuer + "\",\"azp\":\"" + TestKeys.Origin + "\",\"nbf\":" + (t - 10) + ",\"exp\":" + (t + 60) + "}");

        TokenVerificationResult result = VerifyAt(token, TestKeys.Now.AddMilliseconds(offsetMs));

        Assert.Equal(valid, result.IsValid);
        if (!valid)
        {
            Assert.Equal(ReasonCodes.TokenNotActiveYet, result.Reason);
            Assert.Contains("nbf", result.Message);
        }
    }

    [Theory]
    [InlineData(-5_000, true)]
    [InlineData(-5_001, false)]
    public void Verify_AroundIssuedAtMinusSkew_RejectsFutureIat(int offsetMs, bool valid)
    {
        // nbf = iat so that only the iat rule can fire.
        string token = TokenFactory.Mint(change: d => new SessionTokenDescriptor
        {
            Subject = d.Subject, SessionId = d.SessionId, Issuer = d.Issuer, AuthorizedParty = d.AuthorizedParty,
            IssuedAt = d.IssuedAt, NotBeforeSkew = TimeSpan.Zero,
        });

        TokenVerificationResult result = VerifyAt(token, TestKeys.Now.AddMilliseconds(offsetMs));

        Assert.Equal(valid, result.IsValid);
        if (!valid)
        {
            Assert.Equal(ReasonCodes.TokenNotActiveYet, result.Reason); // nbf == iat, nbf checked first
        }
    }

    [Fact]
    public void Verify_IatInFutureButNbfFine_ReturnsIatInTheFuture()
    {
        long t = TestKeys.Now.ToUnixTimeSeconds();
        string token = TokenFactory.Forge(TokenFactory.Header(),
            "{\"sub\":\"user_1\",\"sid\":\"sess_1\",\"iss\":\"" + TestKeys.Issuer + "\",\"azp\":\"" + TestKeys.Origin + "\",\"iat\":" + (t + 6) + ",\"nbf\":" + (t - 10) + ",\"exp\":" + (t + 60) + "}");

        TokenVerificationResult result = VerifyAt(token, TestKeys.Now);

        Assert.Equal(ReasonCodes.TokenIatInTheFuture, result.Reason);
        Assert.Contains("iat", result.Message);
    }

    [Fact]
    public void Verify_ZeroClockSkew_ExpiresAtExp()
    {
        string token = TokenFactory.Mint();

        Assert.True(VerifyAt(token, TestKeys.Now.AddMilliseconds(59_999), o => o.ClockSkew = TimeSpan.Zero).IsValid);
        Assert.Equal(ReasonCodes.TokenExpired, VerifyAt(token, TestKeys.Now.AddSeconds(60), o => o.ClockSkew = TimeSpan.Zero).Reason);
    }

    [Fact]
    public void Verify_WrongIssuer_ReturnsInvalidIssuer()
    {
        string token = TokenFactory.Mint(change: d => new SessionTokenDescriptor { Subject = d.Subject, SessionId = d.SessionId, Issuer = "https://clerk.other.com", AuthorizedParty = d.AuthorizedParty, IssuedAt = d.IssuedAt });

        TokenVerificationResult result = VerifyAt(token, TestKeys.Now);

        Assert.Equal(ReasonCodes.TokenInvalidIssuer, result.Reason);
        Assert.Contains("iss", result.Message);
    }

    [Theory]
    [InlineData("https://clerk.example.com/")]
    [InlineData("HTTPS://clerk.example.com")]
    [InlineData("http://clerk.example.com")]
    [InlineData("https://clerk.example.com.evil.com")]
    public void Verify_IssuerLookAlike_ReturnsInvalidIssuer(string issuer)
    {
        string token = TokenFactory.Mint(change: d => new SessionTokenDescriptor { Subject = d.Subject, SessionId = d.SessionId, Issuer = issuer, AuthorizedParty = d.AuthorizedParty, IssuedAt = d.IssuedAt });

        Assert.Equal(ReasonCodes.TokenInvalidIssuer, VerifyAt(token, TestKeys.Now).Reason);
    }

    [Fact]
    public void Verify_IssuerCheckDisabled_AcceptsAnyIssuer()
    {
        string token = TokenFactory.Mint(change: d => new SessionTokenDescriptor { Subject = d.Subject, SessionId = d.SessionId, Issuer = "https://x.example", AuthorizedParty = d.AuthorizedParty, IssuedAt = d.IssuedAt });

        Assert.True(VerifyAt(token, TestKeys.Now, o => o.ValidateIssuer = false).IsValid);
    }

    [Fact]
    public void Constructor_NoIssuerConfigured_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new TokenVerifier(new TokenValidationOptions()));
        Assert.Contains("ValidIssuers", ex.Message);
    }

    [Theory]
    [InlineData("https://evil.com")]
    [InlineData("https://example.com/")]
    [InlineData("http://example.com")]
    public void Verify_WrongAuthorizedParty_ReturnsInvalidAuthorizedParties(string azp)
    {
        string token = TokenFactory.Mint(change: d => new SessionTokenDescriptor { Subject = d.Subject, SessionId = d.SessionId, Issuer = d.Issuer, AuthorizedParty = azp, IssuedAt = d.IssuedAt });

        TokenVerificationResult result = VerifyAt(token, TestKeys.Now);

        Assert.Equal(ReasonCodes.TokenInvalidAuthorizedParties, result.Reason);
        Assert.Contains("azp", result.Message);
    }

    [Fact]
    public void Verify_MissingAzpWithPartiesConfigured_ReturnsInvalidAuthorizedParties()
    {
        string token = TokenFactory.Mint(change: d => new SessionTokenDescriptor { Subject = d.Subject, SessionId = d.SessionId, Issuer = d.Issuer, IssuedAt = d.IssuedAt });

        Assert.Equal(ReasonCodes.TokenInvalidAuthorizedParties, VerifyAt(token, TestKeys.Now).Reason);
        Assert.True(VerifyAt(token, TestKeys.Now, o => o.AuthorizedParties.Clear()).IsValid);
    }

    [Fact]
    public void Verify_AudienceConfigured_RequiresMatchingAud()
    {
        string none = TokenFactory.Mint();
        string match = TokenFactory.Mint(change: d => new SessionTokenDescriptor { Subject = d.Subject, SessionId = d.SessionId, Issuer = d.Issuer, AuthorizedParty = d.AuthorizedParty, IssuedAt = d.IssuedAt, Audiences = ["other", "api"] });
        string miss = TokenFactory.Mint(change: d => new SessionTokenDescriptor { Subject = d.Subject, SessionId = d.SessionId, Issuer = d.Issuer, AuthorizedParty = d.AuthorizedParty, IssuedAt = d.IssuedAt, Audiences = ["other"] });

        Assert.Equal(ReasonCodes.TokenVerificationFailed, VerifyAt(none, TestKeys.Now, o => o.Audiences.Add("api")).Reason);
        Assert.True(VerifyAt(match, TestKeys.Now, o => o.Audiences.Add("api")).IsValid);
        Assert.Equal(ReasonCodes.TokenVerificationFailed, VerifyAt(miss, TestKeys.Now, o => o.Audiences.Add("api")).Reason);
        Assert.True(VerifyAt(miss, TestKeys.Now).IsValid);
    }

    [Fact]
    public void Verify_SessionTokenWithoutSid_FailsButTemplateKindAccepts()
    {
        string token = TokenFactory.Mint(change: d => new SessionTokenDescriptor { Subject = d.Subject, Issuer = d.Issuer, AuthorizedParty = d.AuthorizedParty, IssuedAt = d.IssuedAt, Category = TokenCategories.Template });

        TokenVerificationResult session = VerifyAt(token, TestKeys.Now);
        TokenVerificationResult template = VerifyAt(token, TestKeys.Now, o => o.TokenKind = TokenKind.Template);

        Assert.Equal(ReasonCodes.TokenInvalid, session.Reason); // template category checked first
        Assert.True(template.IsValid, template.ToString());
    }

    [Fact]
    public void Verify_NoSidSessionCategory_ReturnsVerificationFailed()
    {
        string token = TokenFactory.Mint(change: d => new SessionTokenDescriptor { Subject = d.Subject, Issuer = d.Issuer, AuthorizedParty = d.AuthorizedParty, IssuedAt = d.IssuedAt });

        TokenVerificationResult result = VerifyAt(token, TestKeys.Now);

        Assert.Equal(ReasonCodes.TokenVerificationFailed, result.Reason);
        Assert.Contains("sid", result.Message);
    }

    [Theory]
    [InlineData(TokenCategories.Machine, false)]
    [InlineData(TokenCategories.Template, false)]
    [InlineData(TokenCategories.Session, true)]
    [InlineData(TokenCategories.Ignore, true)]
    [InlineData(null, true)]
    [InlineData("cl_unknown", false)]
    public void Verify_HeaderCategory_SessionKindRules(string? category, bool valid)
    {
        string token = TokenFactory.Mint(change: d => new SessionTokenDescriptor { Subject = d.Subject, SessionId = d.SessionId, Issuer = d.Issuer, AuthorizedParty = d.AuthorizedParty, IssuedAt = d.IssuedAt, Category = category });

        TokenVerificationResult result = VerifyAt(token, TestKeys.Now);

        Assert.Equal(valid, result.IsValid);
        if (!valid)
        {
            Assert.Equal(ReasonCodes.TokenInvalid, result.Reason);
            Assert.Contains("cat", result.Message);
        }
    }

    [Fact]
    public void Verify_MachineSubject_ReturnsTokenInvalid()
    {
        string token = TokenFactory.Mint(change: d => new SessionTokenDescriptor { Subject = "mch_123", SessionId = d.SessionId, Issuer = d.Issuer, AuthorizedParty = d.AuthorizedParty, IssuedAt = d.IssuedAt });

        TokenVerificationResult result = VerifyAt(token, TestKeys.Now);

        Assert.Equal(ReasonCodes.TokenInvalid, result.Reason);
        Assert.Contains("sub", result.Message);
    }

    [Theory]
    [InlineData("at+jwt")]
    [InlineData("application/at+jwt")]
    public void Verify_OAuthAccessTokenType_RejectedEvenWhenAllowed(string typ)
    {
        string token = TokenFactory.Forge("{\"alg\":\"RS256\",\"kid\":\"ins_test_rsa\",\"typ\":\"" + typ + "\"}", TokenFactory.Payload());

        TokenVerificationResult result = VerifyAt(token, TestKeys.Now, o => o.AllowedTypes.Add(typ));

        Assert.Equal(ReasonCodes.TokenInvalid, result.Reason);
    }

    [Fact]
    public void Verify_NoTyp_Accepted()
    {
        string token = TokenFactory.Forge("{\"alg\":\"RS256\",\"kid\":\"ins_test_rsa\"}", TokenFactory.Payload());

        Assert.True(VerifyAt(token, TestKeys.Now).IsValid);
    }

    [Fact]
    public void Verify_RestrictedAlgorithms_RejectsOthers()
    {
        string token = TokenFactory.Mint(TestKeys.Ec);
        var verifier = TokenFactory.Verifier(change: o => { o.AllowedAlgorithms.Clear(); o.AllowedAlgorithms.Add("RS256"); });

        Assert.Equal(ReasonCodes.TokenInvalidAlgorithm, verifier.Verify(token, TokenFactory.Keys(TestKeys.Ec)).Reason);
    }

    [Fact]
    public void Constructor_AlgorithmOutsideAllowList_Throws()
    {
        Assert.Throws<ArgumentException>(() => TokenFactory.Verifier(change: o => o.AllowedAlgorithms.Add("HS256")));
    }
}
