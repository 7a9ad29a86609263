using Latchkey.Testing;
using Microsoft.Extensions.Options;

namespace Latchkey.AspNetCore.Tests.Revocation;

public sealed class RevocationOptionsTests
{
    private static readonly TestIssuer Issuer = new();

    [Theory]
    [InlineData(null, "sk_test_x", true)]
    [InlineData(null, null, false)]
    [InlineData(null, "", false)]
    [InlineData(false, "sk_test_x", false)]
    [InlineData(true, "sk_test_x", true)]
    public void IsEnabled_DefaultFollowsTheSecretKey(bool? enabled, string? secretKey, bool expected)
    {
        Assert.Equal(expected, new LatchkeyRevocationOptions { Enabled = enabled }.IsEnabled(secretKey));
    }

    [Theory]
    [InlineData("CatchUpInterval", "00:00:00.500")]
    [InlineData("CatchUpInterval", "00:11:00")]
    [InlineData("ReconnectDelay", "00:00:00")]
    [InlineData("MaxReconnectDelay", "00:00:00.500")]
    [InlineData("StreamIdleTimeout", "00:00:00.100")]
    [InlineData("MaxEntries", "10")]
    public void Validate_RevocationSettingOutOfRange_FailsNamingIt(string name, string value)
    {
        var options = new LatchkeyAuthenticationOptions();
        Issuer.Configure(options);
        var revocation = options.Revocation;
        switch (name)
        {
            case "CatchUpInterval": revocation.CatchUpInterval = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "ReconnectDelay": revocation.ReconnectDelay = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "MaxReconnectDelay": revocation.MaxReconnectDelay = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "StreamIdleTimeout": revocation.StreamIdleTimeout = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            default: revocation.MaxEntries = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
        }

        var error = Assert.Throws<OptionsValidationException>(() => new LatchkeyRequestClassifier(options));

        Assert.Contains(error.Failures, f => f.Contains("Latchkey:Revocation:", StringComparison.Ordinal) && f.Contains(name, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        var options = new LatchkeyAuthenticationOptions();
        Issuer.Configure(options);
        options.Revocation = new LatchkeyRevocationOptions();

        _ = new LatchkeyRequestClassifier(options);
    }
}
