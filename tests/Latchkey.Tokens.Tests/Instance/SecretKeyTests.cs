namespace Latchkey.Tokens.Tests.Instance;

public class SecretKeyTests
{
    [Theory]
    [InlineData(InstanceType.Development, "sk_test_")]
    [InlineData(InstanceType.Production, "sk_live_")]
    public void Generate_InstanceType_HasPrefixAndIsWellFormed(InstanceType type, string prefix)
    {
        string key = SecretKey.Generate(type);

        Assert.StartsWith(prefix, key);
        Assert.Equal(prefix.Length + SecretKey.GeneratedBodyLength, key.Length);
        Assert.True(SecretKey.TryGetInstanceType(key, out var parsed));
        Assert.Equal(type, parsed);
    }

    [Fact]
    public void Generate_TwoCalls_Differ()
    {
        Assert.NotEqual(SecretKey.Generate(InstanceType.Development), SecretKey.Generate(InstanceType.Development));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("sk_test_short")]
    [InlineData("pk_test_abcdefghijklmnopqrstuvwxyzABCDEFGH")]
    [InlineData("sk_test_abcdefghijklmnopqrstuvwxyzABCDE-")]
    [InlineData("sk_prod_abcdefghijklmnopqrstuvwxyzABCDEFGH")]
    public void IsWellFormed_Malformed_ReturnsFalse(string? value)
    {
        Assert.False(SecretKey.IsWellFormed(value));
    }

    [Fact]
    public void FixedTimeEquals_SameAndDifferent_Compares()
    {
        string key = SecretKey.Generate(InstanceType.Production);

        Assert.True(SecretKey.FixedTimeEquals(key, new string(key.AsSpan())));
        Assert.False(SecretKey.FixedTimeEquals(key, key[..^1] + (key[^1] == 'A' ? "B" : "A")));
        Assert.False(SecretKey.FixedTimeEquals(key, null));
    }
}
