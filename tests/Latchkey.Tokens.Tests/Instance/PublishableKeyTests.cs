namespace Latchkey.Tokens.Tests.Instance;

public class PublishableKeyTests
{
    [Theory]
    [InlineData("pk_live_ZmFrZS1jbGVyay10ZXN0LmNsZXJrLmFjY291bnRzLmRldiQ=", "qReyu04C")]
    [InlineData("pk_test_Y2xlcmsuY2xlcmsuZGV2JA", "QvfNY2dr")]
    [InlineData("pk_test_ZW5vdWdoLWFscGFjYS04Mi5jbGVyay5hY2NvdW50cy5sY2xjbGVyay5jb20k", "jtYvyt_H")]
    [InlineData("pk_test_ZXhhbXBsZS5hY2NvdW50cy5kZXYk", "PXVV4PZn")]
    public void ComputeCookieSuffix_ProtocolVectors_Match(string key, string suffix)
    {
        Assert.Equal(suffix, PublishableKey.ComputeCookieSuffix(key));
        Assert.Equal(suffix, PublishableKey.Parse(key).CookieSuffix);
    }

    [Theory]
    [InlineData("pk_test_ZXhhbXBsZS5hY2NvdW50cy5kZXYk", "example.accounts.dev", InstanceType.Development)]
    [InlineData("pk_live_ZmFrZS1jbGVyay10ZXN0LmNsZXJrLmFjY291bnRzLmRldiQ=", "fake-clerk-test.clerk.accounts.dev", InstanceType.Production)]
    [InlineData("pk_test_Y2xlcmsuY2xlcmsuZGV2JA", "clerk.clerk.dev", InstanceType.Development)]
    public void TryParse_ValidKey_ReturnsHostAndType(string value, string host, InstanceType type)
    {
        Assert.True(PublishableKey.TryParse(value, out var key));
        Assert.Equal(host, key.FrontendApiHost);
        Assert.Equal(type, key.InstanceType);
        Assert.Equal(value, key.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sk_test_ZXhhbXBsZS5hY2NvdW50cy5kZXYk")]
    [InlineData("pk_test_")]
    [InlineData("pk_test_ZXhhbXBsZS5hY2NvdW50cy5kZXY")] // "example.accounts.dev" without $
    [InlineData("pk_test_ZXhhbXBsZSQ")] // "example$": no dot
    [InlineData("pk_test_ZXhhbSRwbGUuY29tJA")] // "exam$ple.com$": two $
    [InlineData("pk_test_not base64!")]
    [InlineData("pk_test_ZXhh_bXBsZS5kZXYk")] // four parts
    [InlineData("test_ZXhhbXBsZS5hY2NvdW50cy5kZXYk")]
    public void TryParse_InvalidKey_ReturnsFalse(string? value)
    {
        Assert.False(PublishableKey.TryParse(value, out _));
    }

    [Fact]
    public void Create_LocalHost_RoundTripsWithoutPadding()
    {
        PublishableKey key = PublishableKey.Create("127.0.0.1:5100", InstanceType.Development);

        Assert.StartsWith("pk_test_", key.Value);
        Assert.DoesNotContain("=", key.Value);
        Assert.Equal("127.0.0.1:5100", PublishableKey.Parse(key.Value).FrontendApiHost);
    }

    [Theory]
    [InlineData("localhost:5100")]
    [InlineData("https://clerk.example.com")]
    [InlineData("a$b.com")]
    public void Create_InvalidHost_Throws(string host)
    {
        Assert.Throws<ArgumentException>(() => PublishableKey.Create(host, InstanceType.Production));
    }
}
