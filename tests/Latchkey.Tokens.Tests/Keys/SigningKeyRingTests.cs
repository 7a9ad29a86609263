using Latchkey.Tokens.Tests.Support;

namespace Latchkey.Tokens.Tests.Keys;

public class SigningKeyRingTests
{
    [Fact]
    public void Rotate_OldKeyKeptUntilRotationPlusLifetimePlusSkew()
    {
        var ring = new SigningKeyRing(TestKeys.Rsa, TimeSpan.FromSeconds(60));
        DateTimeOffset rotatedAt = TestKeys.Now;

        SigningKeyRing next = ring.Rotate(TestKeys.Rsa2, rotatedAt);

        Assert.Same(TestKeys.Rsa2, next.Current);
        Assert.Equal(rotatedAt.AddSeconds(65), next.Retired.Single().RetireAt);
        Assert.Equal(["ins_test_rsa2", "ins_test_rsa"], next.GetVerificationKeys(rotatedAt.AddSeconds(64.999)).Keys.Select(k => k.Kid));
        Assert.Equal(["ins_test_rsa2"], next.GetVerificationKeys(rotatedAt.AddSeconds(65)).Keys.Select(k => k.Kid));
    }

    [Fact]
    public void Rotate_TokenSignedJustBeforeRotation_VerifiesUntilItExpires()
    {
        var ring = new SigningKeyRing(TestKeys.Rsa, TimeSpan.FromSeconds(60));
        string token = TokenFactory.Mint(ring.Current); // iat = Now, exp = Now + 60
        SigningKeyRing rotated = ring.Rotate(TestKeys.Rsa2, TestKeys.Now);
        DateTimeOffset lastMoment = TestKeys.Now.AddSeconds(64.999);

        TokenVerificationResult result = TokenFactory.Verifier(TokenFactory.Clock(lastMoment)).Verify(token, rotated.GetVerificationKeys(lastMoment));

        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public void ToJwks_AfterRetirement_OnlyCurrent()
    {
        SigningKeyRing ring = new SigningKeyRing(TestKeys.Rsa, TimeSpan.FromMinutes(10)).Rotate(TestKeys.Rsa2, TestKeys.Now);

        Assert.Equal(2, ring.ToJwks(TestKeys.Now).Keys.Count);
        Assert.Single(ring.ToJwks(TestKeys.Now.AddMinutes(11)).Keys);
    }

    [Fact]
    public void Rotate_SameKid_Throws()
    {
        var ring = new SigningKeyRing(TestKeys.Rsa, TimeSpan.FromSeconds(60));

        Assert.Throws<ArgumentException>(() => ring.Rotate(TestKeys.Rsa, TestKeys.Now));
    }

    [Fact]
    public void Rotate_Twice_DropsKeysPastRetirement()
    {
        var ring = new SigningKeyRing(TestKeys.Rsa, TimeSpan.FromSeconds(60));
        SigningKeyRing once = ring.Rotate(TestKeys.Rsa2, TestKeys.Now);

        SigningKeyRing twice = once.Rotate(TestKeys.Ec, TestKeys.Now.AddMinutes(5));

        Assert.Equal(["ins_test_rsa2"], twice.Retired.Select(r => r.Key.Kid));
    }
}
