using Latchkey.Tokens.Tests.Support;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using MsJsonWebKeySet = Microsoft.IdentityModel.Tokens.JsonWebKeySet;

namespace Latchkey.Tokens.Tests.Interop;

/// <summary>Every token Latchkey mints validates with Microsoft.IdentityModel.JsonWebTokens, keys taken from Latchkey's JWKS output.</summary>
public class MicrosoftIdentityModelCrossCheckTests
{
    public static TheoryData<string> Algorithms => new() { "RS256", "RS384", "RS512", "ES256" };

    private static SigningKey KeyFor(string algorithm) => algorithm switch
    {
        "ES256" => TestKeys.Ec,
        "RS256" => TestKeys.Rsa,
        _ => SigningKey.FromPkcs8Pem(TestKeys.Rsa.ExportPkcs8Pem(), "ins_" + algorithm.ToLowerInvariant(), algorithm),
    };

    private static TokenValidationParameters Parameters(SigningKey key) => new()
    {
        ValidIssuer = TestKeys.Issuer,
        ValidateAudience = false,
        ValidAlgorithms = [key.Algorithm],
        ValidTypes = ["JWT"],
        IssuerSigningKeys = new MsJsonWebKeySet(VerificationKeySet.Create(key.PublicKey).ToJwks().ToJson()).GetSigningKeys(),
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ClockSkew = TimeSpan.FromSeconds(5),
    };

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task ValidateTokenAsync_LatchkeyToken_IsValid(string algorithm)
    {
        SigningKey key = KeyFor(algorithm);
        var org = OrganizationClaim.FromPermissions("org_1", "acme", "admin", ["memberships"], ["org:memberships:manage"]);
        string token = new SessionTokenMinter(TimeProvider.System).Mint(new SessionTokenDescriptor
        {
            Subject = "user_1", SessionId = "sess_1", Issuer = TestKeys.Issuer, AuthorizedParty = TestKeys.Origin,
            SessionStatus = "active", FactorVerificationAge = new FactorVerificationAge(1, -1), Organization = org,
            Features = "o:memberships", Actor = new ActorClaim("user_admin"),
        }, key);

        TokenValidationResult result = await new JsonWebTokenHandler().ValidateTokenAsync(token, Parameters(key));

        Assert.True(result.IsValid, result.Exception?.ToString());
        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal(algorithm, jwt.Alg);
        Assert.Equal(key.Kid, jwt.Kid);
        Assert.Equal("user_1", jwt.Subject);
        Assert.Equal("sess_1", jwt.GetClaim("sid").Value);
        Assert.Equal(TokenCategories.Session, jwt.GetHeaderValue<string>("cat"));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public async Task ValidateTokenAsync_TamperedLatchkeyToken_IsInvalid(string algorithm)
    {
        SigningKey key = KeyFor(algorithm);
        string token = new SessionTokenMinter(TimeProvider.System).Mint(TestKeys.Descriptor(d => new SessionTokenDescriptor { Subject = d.Subject, SessionId = d.SessionId, Issuer = d.Issuer }), key);
        string[] p = token.Split('.');
        string forged = p[0] + "." + TokenFactory.B64("{\"sub\":\"user_evil\",\"iss\":\"" + TestKeys.Issuer + "\",\"exp\":9999999999}") + "." + p[2];

        TokenValidationResult result = await new JsonWebTokenHandler().ValidateTokenAsync(forged, Parameters(key));

        Assert.False(result.IsValid);
    }

    [Fact]
    public void Verify_TokenMintedByMicrosoftIdentityModel_IsValid()
    {
        // The other direction: a token from JsonWebTokenHandler verifies with Latchkey, key from Latchkey's JWKS.
        var msKey = new MsJsonWebKeySet(VerificationKeySet.Create(TestKeys.Rsa.PublicKey).ToJwks().ToJson()).Keys[0];
        var rsa = System.Security.Cryptography.RSA.Create();
        rsa.ImportFromPem(TestKeys.Rsa.ExportPkcs8Pem());
        var signing = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = msKey.Kid }, SecurityAlgorithms.RsaSha256);
        string token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TestKeys.Issuer,
            IssuedAt = TestKeys.Now.UtcDateTime,
            NotBefore = TestKeys.Now.UtcDateTime.AddSeconds(-10),
            Expires = TestKeys.Now.UtcDateTime.AddSeconds(60),
            Claims = new Dictionary<string, object> { ["sub"] = "user_ms", ["sid"] = "sess_ms", ["azp"] = TestKeys.Origin },
            SigningCredentials = signing,
        });

        TokenVerificationResult result = TokenFactory.Verifier().Verify(token, TokenFactory.Keys());

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal("user_ms", result.Claims!.Subject);
    }
}
