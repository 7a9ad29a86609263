using System.Security.Claims;
using Latchkey.AspNetCore.Claims;

namespace Latchkey.AspNetCore.Tests.Authentication;

/// <summary>Sizing an identity's claim list changes nothing an application can see.</summary>
public sealed class ClaimListCapacityTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(17)]
    public void Reserve_ThenAddClaims_IdentityHoldsExactlyThoseClaimsInOrder(int count)
    {
        var identity = new ClaimsIdentity("Latchkey", "sub", "org_role");
        var claims = Enumerable.Range(0, count).Select(i => new Claim("c" + i, "v" + i, ClaimValueTypes.String, "Latchkey", "Latchkey", identity)).ToList();

        ClaimListCapacity.Reserve(identity, count);
        claims.ForEach(identity.AddClaim);

        Assert.Equal(claims, identity.Claims);
        Assert.All(identity.Claims, c => Assert.Same(identity, c.Subject));
    }

    [Fact]
    public void Reserve_SmallerThanTheClaimsAlreadyThere_KeepsThemAll()
    {
        var identity = new ClaimsIdentity(Enumerable.Range(0, 9).Select(i => new Claim("c" + i, "v")), "Latchkey");

        ClaimListCapacity.Reserve(identity, 5);

        Assert.Equal(9, identity.Claims.Count());
    }

    [Fact]
    public void Reserve_ThenCopyAndClone_CopiesHoldTheClaims()
    {
        var identity = new ClaimsIdentity("Latchkey", "sub", "org_role");
        ClaimListCapacity.Reserve(identity, 6);
        for (var i = 0; i < 6; i++)
        {
            identity.AddClaim(new Claim("c" + i, "v" + i, ClaimValueTypes.String, "Latchkey", "Latchkey", identity));
        }

        Assert.Equal(6, new ClaimsIdentity(identity).Claims.Count());
        Assert.Equal(6, identity.Clone().Claims.Count());
    }
}
