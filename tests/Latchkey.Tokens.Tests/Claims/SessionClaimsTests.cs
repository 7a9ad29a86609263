using Latchkey.Tokens.Tests.Support;

namespace Latchkey.Tokens.Tests.Claims;

public class SessionClaimsTests
{
    private static SessionClaims Decode(string payloadJson)
    {
        string token = TokenFactory.Forge(TokenFactory.Header(), payloadJson);
        Assert.True(JwtDecoder.TryDecode(token, out DecodedToken? decoded));
        return decoded.Claims;
    }

    [Fact]
    public void OrganizationPermissions_ProtocolExample_Expanded()
    {
        // protocol §3.4: fea=o:impersonation,o:memberships, per=read,manage, fpm=1,3.
        SessionClaims claims = Decode("{\"sub\":\"u\",\"v\":2,\"fea\":\"o:impersonation,o:memberships\",\"o\":{\"id\":\"org_1\",\"slg\":\"acme\",\"rol\":\"admin\",\"per\":\"read,manage\",\"fpm\":\"1,3\"}}");

        Assert.Equal(["org:impersonation:read", "org:memberships:read", "org:memberships:manage"], claims.OrganizationPermissions);
        Assert.Equal("org_1", claims.OrganizationId);
        Assert.Equal("acme", claims.OrganizationSlug);
        Assert.Equal("org:admin", claims.OrganizationRole);
    }

    [Fact]
    public void OrganizationPermissions_UserScopedFeaturesSkipped_MasksFollowOrgFeatureOrder()
    {
        // Only o / uo / ou features take a mask; u:beta does not.
        SessionClaims claims = Decode("{\"sub\":\"u\",\"v\":2,\"fea\":\"u:beta,uo:billing,o:reports,ou:audit\",\"o\":{\"id\":\"org_1\",\"per\":\"read,write,delete\",\"fpm\":\"5,0,2\"}}");

        Assert.Equal(["org:billing:read", "org:billing:delete", "org:audit:write"], claims.OrganizationPermissions);
    }

    [Fact]
    public void OrganizationPermissions_BigIntegerMask_BitsBeyondPermissionsIgnored()
    {
        // 2^100 + 2: bit 1 (write) and bit 100 (beyond the list).
        string mask = (System.Numerics.BigInteger.Pow(2, 100) + 2).ToString();
        SessionClaims claims = Decode("{\"sub\":\"u\",\"v\":2,\"fea\":\"o:f\",\"o\":{\"id\":\"org_1\",\"per\":\"read,write\",\"fpm\":\"" + mask + "\"}}");

        Assert.Equal(["org:f:write"], claims.OrganizationPermissions);
    }

    [Fact]
    public void OrganizationPermissions_FewerMasksThanFeatures_ExpandsWhatIsThere()
    {
        SessionClaims claims = Decode("{\"sub\":\"u\",\"v\":2,\"fea\":\"o:a,o:b\",\"o\":{\"id\":\"org_1\",\"per\":\"read\",\"fpm\":\"1\"}}");

        Assert.Equal(["org:a:read"], claims.OrganizationPermissions);
    }

    [Fact]
    public void VersionOneClaims_ReadForCompatibility()
    {
        SessionClaims claims = Decode("{\"sub\":\"u\",\"org_id\":\"org_1\",\"org_slug\":\"acme\",\"org_role\":\"org:admin\",\"org_permissions\":[\"org:sys_memberships:manage\",\"org:billing:read\"]}");

        Assert.Equal(1, claims.Version);
        Assert.Equal("org_1", claims.OrganizationId);
        Assert.Equal("acme", claims.OrganizationSlug);
        Assert.Equal("org:admin", claims.OrganizationRole);
        Assert.Equal(["org:sys_memberships:manage", "org:billing:read"], claims.OrganizationPermissions);
        Assert.True(claims.HasRole("org:admin"));
        Assert.True(claims.HasPermission("org:billing:read"));
        Assert.Null(claims.Organization);
    }

    [Fact]
    public void VersionTwo_IgnoresV1OrgClaims()
    {
        SessionClaims claims = Decode("{\"sub\":\"u\",\"v\":2,\"org_id\":\"org_legacy\"}");

        Assert.Null(claims.OrganizationId);
        Assert.Empty(claims.OrganizationPermissions);
    }

    [Fact]
    public void NoOrganization_EmptyPermissionsAndFalseChecks()
    {
        SessionClaims claims = Decode("{\"sub\":\"u\",\"v\":2}");

        Assert.Empty(claims.OrganizationPermissions);
        Assert.False(claims.HasRole("admin"));
        Assert.False(claims.HasPermission("org:a:b"));
        Assert.False(claims.HasFeature("a"));
    }

    [Theory]
    [InlineData("o:reports", true)]
    [InlineData("org:reports", true)]
    [InlineData("organization:reports", true)]
    [InlineData("reports", true)]
    [InlineData("u:reports", false)]
    [InlineData("beta", true)]
    [InlineData("user:beta", true)]
    [InlineData("o:beta", false)]
    [InlineData("both", true)]
    [InlineData("u:both", true)]
    [InlineData("o:both", true)]
    [InlineData("x:reports", false)]
    [InlineData("missing", false)]
    public void HasFeature_ScopeRules(string query, bool expected)
    {
        SessionClaims claims = Decode("{\"sub\":\"u\",\"v\":2,\"fea\":\"o:reports,u:beta,uo:both\"}");

        Assert.Equal(expected, claims.HasFeature(query));
    }

    [Fact]
    public void RawJson_IsExactlyTheSignedBytes()
    {
        const string payload = "{\"sub\":\"u\",\"custom\":{\"a\":[1,2]},\"emoji\":\"\\ud83d\\ude00\"}";
        SessionClaims claims = Decode(payload);

        Assert.Equal(payload, claims.ToJson());
        Assert.True(claims.TryGetClaim("custom", out var custom));
        Assert.Equal(2, custom.GetProperty("a")[1].GetInt32());
        Assert.False(claims.TryGetClaim("nope", out _));
    }

    [Fact]
    public void OrganizationClaimFromPermissions_RoundTripsThroughExpansion()
    {
        string[] granted = ["org:memberships:read", "org:memberships:manage", "org:reports:read"];
        OrganizationClaim org = OrganizationClaim.FromPermissions("org_1", "acme", "member", ["memberships", "reports"], granted);

        Assert.Equal("read,manage", org.Permissions);
        Assert.Equal("3,1", org.FeaturePermissionMap);
        Assert.Equal(granted, OrganizationPermissionExpander.Expand("o:memberships,o:reports", org));
    }

    [Fact]
    public void OrganizationClaimFromPermissions_UnknownFeature_Throws()
    {
        Assert.Throws<ArgumentException>(() => OrganizationClaim.FromPermissions("org_1", null, null, ["a"], ["org:b:read"]));
        Assert.Throws<ArgumentException>(() => OrganizationClaim.FromPermissions("org_1", null, null, ["a"], ["a:read"]));
    }
}
