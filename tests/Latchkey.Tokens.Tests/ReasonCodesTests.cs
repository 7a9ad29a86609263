namespace Latchkey.Tokens.Tests;

public class ReasonCodesTests
{
    [Fact]
    public void TokenExpired_IsProtocolString()
    {
        Assert.Equal("token-expired", ReasonCodes.TokenExpired);
    }
}
