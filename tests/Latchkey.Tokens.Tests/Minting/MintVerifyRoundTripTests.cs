using Latchkey.Tokens.Tests.Support;

namespace Latchkey.Tokens.Tests.Minting;

public class MintVerifyRoundTripTests
{
    public static TheoryData<string> Algorithms => new() { "RSA", "RS384", "RS512", "EC", "ED" };

    private static SigningKey KeyFor(string name) => name switch
    {
        "RSA" => TestKeys.Rsa,
        "RS384" => RsaWith(SigningAlgorithms.RS384),
        "RS512" => RsaWith(SigningAlgorithms.RS512),
        "EC" => TestKeys.Ec,
        _ => TestKeys.Ed,
    };

    private static SigningKey RsaWith(string algorithm) =>
        SigningKey.FromPkcs8Pem(TestKeys.Rsa.ExportPkcs8Pem(), "ins_" + algorithm, algorithm);

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Verify_TokenMintedWithEachAlgorithm_IsValid(string name)
    {
        SigningKey key = KeyFor(name);
        string token = TokenFactory.Mint(key);

        TokenVerificationResult result = TokenFactory.Verifier().Verify(token, TokenFactory.Keys(key));

        Assert.True(result.IsValid, result.ToString());
        Assert.Null(result.Reason);
        Assert.Equal(key.Algorithm, result.Header!.Algorithm);
        Assert.Equal(key.Kid, result.Header.KeyId);
        Assert.Equal("JWT", result.Header.Type);
        Assert.Equal(TokenCategories.Session, result.Header.Category);
        Assert.Same(key.PublicKey, result.Key);
    }

    [Fact]
    public void Mint_DefaultDescriptor_WritesProtocolTimesAndClaims()
    {
        string token = TokenFactory.Mint();

        TokenVerificationResult result = TokenFactory.Verifier().Verify(token, TokenFactory.Keys());

        SessionClaims claims = result.Claims!;
        Assert.Equal("user_2abcdefghijklmnopqrstuvwxyz", claims.Subject);
        Assert.Equal("sess_2abcdefghijklmnopqrstuvwxyz", claims.SessionId);
        Assert.Equal(TestKeys.Issuer, claims.Issuer);
        Assert.Equal(TestKeys.Origin, claims.AuthorizedParty);
        Assert.Equal(TestKeys.Now, claims.IssuedAt);
        Assert.Equal(TestKeys.Now.AddSeconds(-10), claims.NotBefore);
        Assert.Equal(TestKeys.Now.AddSeconds(60), claims.ExpiresAt);
        Assert.Equal(2, claims.Version);
        Assert.Equal("active", claims.SessionStatus);
        Assert.Matches("^[0-9a-f]{20}$", claims.TokenId);
    }

    [Fact]
    public void Mint_RealisticSessionToken_IsAbout750Characters()
    {
        string token = TokenFactory.Mint(change: d => new SessionTokenDescriptor
        {
            Subject = d.Subject, SessionId = d.SessionId, Issuer = d.Issuer, AuthorizedParty = d.AuthorizedParty,
            IssuedAt = d.IssuedAt, SessionStatus = "active", FactorVerificationAge = new FactorVerificationAge(0, -1),
        });

        Assert.InRange(token.Length, 650, 850);
    }

    [Fact]
    public void Mint_AllOptionalClaims_RoundTrip()
    {
        var org = OrganizationClaim.FromPermissions("org_1", "acme", "org:admin", ["impersonation", "memberships"],
            ["org:impersonation:read", "org:memberships:read", "org:memberships:manage"]);
        string token = TokenFactory.Mint(change: d => new SessionTokenDescriptor
        {
            Subject = d.Subject, SessionId = d.SessionId, Issuer = d.Issuer, AuthorizedParty = d.AuthorizedParty, IssuedAt = d.IssuedAt,
            Audiences = ["api-1", "api-2"], FactorVerificationAge = new FactorVerificationAge(3, -1),
            Actor = new ActorClaim("user_admin", "sess_admin", "https://dashboard.example.com", "agent"),
            Organization = org, Features = "o:impersonation,o:memberships,u:beta", Plans = "u:free,o:pro",
            OriginIssuedAt = TestKeys.Now.AddSeconds(-30), TokenId = "jti-1",
            CustomClaims = new Dictionary<string, System.Text.Json.JsonElement>
            {
                ["tier"] = System.Text.Json.JsonDocument.Parse("{\"level\":3}").RootElement,
            },
        });

        TokenVerificationResult result = TokenFactory.Verifier().Verify(token, TokenFactory.Keys());

        Assert.True(result.IsValid, result.ToString());
        SessionClaims c = result.Claims!;
        Assert.Equal(["api-1", "api-2"], c.Audiences);
        Assert.Equal(new FactorVerificationAge(3, -1), c.FactorVerificationAge);
        Assert.Equal(new ActorClaim("user_admin", "sess_admin", "https://dashboard.example.com", "agent"), c.Actor);
        Assert.Equal("org_1", c.OrganizationId);
        Assert.Equal("acme", c.OrganizationSlug);
        Assert.Equal("org:admin", c.OrganizationRole);
        Assert.Equal(["org:impersonation:read", "org:memberships:read", "org:memberships:manage"], c.OrganizationPermissions);
        Assert.Equal("jti-1", c.TokenId);
        Assert.Equal(TestKeys.Now.AddSeconds(-30).ToUnixTimeSeconds(), result.Header!.OriginIssuedAt);
        Assert.True(c.TryGetClaim("tier", out var tier));
        Assert.Equal(3, tier.GetProperty("level").GetInt32());
        Assert.True(c.HasPermission("memberships:manage"));
        Assert.True(c.HasRole("admin"));
        Assert.True(c.HasFeature("org:memberships"));
        Assert.False(c.HasFeature("user:memberships"));
        Assert.True(c.HasPlan("pro"));
    }

    [Fact]
    public void Mint_CustomClaimNamedLikeStandardClaim_Throws()
    {
        var descriptor = TestKeys.Descriptor(d => new SessionTokenDescriptor
        {
            Subject = d.Subject, Issuer = d.Issuer,
            CustomClaims = new Dictionary<string, System.Text.Json.JsonElement> { ["sub"] = System.Text.Json.JsonDocument.Parse("1").RootElement },
        });

        Assert.Throws<ArgumentException>(() => new SessionTokenMinter().Mint(descriptor, TestKeys.Rsa));
    }
}
