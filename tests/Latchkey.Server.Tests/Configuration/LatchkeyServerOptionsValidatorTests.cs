using Latchkey.Server.Configuration;

namespace Latchkey.Server.Tests.Configuration;

public sealed class LatchkeyServerOptionsValidatorTests
{
    private static IReadOnlyList<string> Validate(LatchkeyServerOptions options) =>
        new LatchkeyServerOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        Assert.Empty(Validate(new LatchkeyServerOptions()));
    }

    [Theory]
    [InlineData("http://localhost:5100", "no dot")]
    [InlineData("127.0.0.1:5100", "not a plain origin")]
    [InlineData("http://127.0.0.1:5100/auth", "not a plain origin")]
    [InlineData("ftp://auth.example.com", "not a plain origin")]
    [InlineData("http://user@auth.example.com", "not a plain origin")]
    [InlineData("http://my_host.example.com", "contains '_'")]
    public void Validate_BadFrontendApiUrl_FailsWithHint(string url, string hint)
    {
        var failures = Validate(new LatchkeyServerOptions { FrontendApiUrl = url });
        Assert.Contains(failures, f => f.Contains("FrontendApiUrl", StringComparison.Ordinal) && f.Contains(hint, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BadProxySettings_NamesEachSetting()
    {
        var options = new LatchkeyServerOptions { Proxy = new ProxyOptions { KnownProxies = ["10.0.0.300"], KnownNetworks = ["10.0.0.0/99", "example.com"], ForwardLimit = 0 } };

        var failures = Validate(options);

        Assert.Equal(1, failures.Count(f => f.StartsWith("Latchkey:Proxy:KnownProxies", StringComparison.Ordinal)));
        Assert.Equal(2, failures.Count(f => f.StartsWith("Latchkey:Proxy:KnownNetworks", StringComparison.Ordinal)));
        Assert.Single(failures, f => f.StartsWith("Latchkey:Proxy:ForwardLimit", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_GoodProxySettings_Succeeds()
    {
        Assert.Empty(Validate(new LatchkeyServerOptions { Proxy = new ProxyOptions { KnownProxies = ["10.0.0.5", "::1"], KnownNetworks = ["10.0.0.0/8", "fd00::/8"], ForwardLimit = 2 } }));
    }

    [Fact]
    public void Validate_ProductionWithoutHttpsCookieDomainSmtpAndKek_ListsEveryFix()
    {
        var options = new LatchkeyServerOptions
        {
            InstanceType = InstanceType.Production,
            DataFolder = Path.Combine(Path.GetTempPath(), "latchkey-missing-" + Guid.NewGuid().ToString("N")),
            KeyEncryption = { EnvironmentVariable = "LATCHKEY_TEST_UNSET_" + Guid.NewGuid().ToString("N") },
        };

        var failures = Validate(options);

        Assert.Contains(failures, f => f.Contains("must use https", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("CookieDomain is required", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Smtp:Host is required", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("key-encryption key", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains("Passwords:Iterations", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("PollInterval", "00:00:00.010")]
    [InlineData("PollInterval", "00:00:11")]
    [InlineData("RetentionGrace", "00:11:00")]
    [InlineData("JanitorInterval", "00:00:00")]
    [InlineData("StreamHeartbeatInterval", "00:00:00.500")]
    [InlineData("DatabaseOutageGrace", "00:10:01")]
    [InlineData("DatabaseOutageGrace", "-00:00:01")]
    public void Validate_RevocationSettingOutOfRange_FailsNamingIt(string name, string value)
    {
        var options = new LatchkeyServerOptions();
        var duration = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        switch (name)
        {
            case "PollInterval": options.Revocation.PollInterval = duration; break;
            case "RetentionGrace": options.Revocation.RetentionGrace = duration; break;
            case "JanitorInterval": options.Revocation.JanitorInterval = duration; break;
            case "DatabaseOutageGrace": options.Revocation.DatabaseOutageGrace = duration; break;
            default: options.Revocation.StreamHeartbeatInterval = duration; break;
        }

        Assert.Contains(Validate(options), f => f.Contains("Revocation:" + name, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ConnectTimeout", "00:00:00")]
    [InlineData("ConnectTimeout", "00:01:01")]
    [InlineData("CommandTimeout", "00:00:00.500")]
    [InlineData("CommandTimeout", "00:05:01")]
    [InlineData("UnavailableRetryAfter", "00:00:00")]
    public void Validate_DatabaseTimeoutOutOfRange_FailsNamingIt(string name, string value)
    {
        var options = new LatchkeyServerOptions();
        var duration = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        switch (name)
        {
            case "ConnectTimeout": options.Database.ConnectTimeout = duration; break;
            case "CommandTimeout": options.Database.CommandTimeout = duration; break;
            default: options.Database.UnavailableRetryAfter = duration; break;
        }

        Assert.Contains(Validate(options), f => f.Contains("Database:" + name, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_Defaults_OutageGraceOffAndTimeoutsBounded()
    {
        var options = new LatchkeyServerOptions();

        Assert.Equal(TimeSpan.Zero, options.Revocation.DatabaseOutageGrace);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Database.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(15), options.Database.CommandTimeout);
        Assert.DoesNotContain(Validate(options), f => f.Contains("Database:", StringComparison.Ordinal) || f.Contains("Revocation:", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ProductionWithLowIterations_Fails()
    {
        var options = ValidProduction();
        options.Passwords.Iterations = 10_000;
        Assert.Contains(Validate(options), f => f.Contains("Passwords:Iterations", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_CompleteProduction_Succeeds()
    {
        Assert.Empty(Validate(ValidProduction()));
    }

    [Theory]
    [InlineData("other.com")]
    [InlineData("127.0.0.1")]
    [InlineData("com")]
    public void Validate_CookieDomainNotAParentOfTheHost_Fails(string domain)
    {
        var options = ValidProduction();
        options.CookieDomain = domain;
        Assert.Contains(Validate(options), f => f.Contains("CookieDomain", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://app.example.com/path")]
    [InlineData("app.example.com")]
    [InlineData("http://app.example.com")]
    public void Validate_ProductionBadAllowedOrigin_Fails(string origin)
    {
        var options = ValidProduction();
        options.AllowedOrigins.Add(origin);
        Assert.Contains(Validate(options), f => f.Contains("AllowedOrigins", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_TokenLifetimeOutOfRange_Fails()
    {
        var failures = Validate(new LatchkeyServerOptions { TokenLifetime = TimeSpan.Zero, HandshakeNonceLifetime = TimeSpan.FromMinutes(2) });
        Assert.Contains(failures, f => f.Contains("TokenLifetime", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("HandshakeNonceLifetime", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_PostgreSqlWithoutConnectionString_Fails()
    {
        var options = new LatchkeyServerOptions { Database = { Provider = DatabaseProvider.PostgreSql } };
        Assert.Contains(Validate(options), f => f.Contains("Database:ConnectionString is required", StringComparison.Ordinal));
    }

    [Fact]
    public void EffectiveProvider_ConnectionStringWithoutProvider_IsPostgreSql()
    {
        Assert.Equal(DatabaseProvider.PostgreSql, new DatabaseOptions { ConnectionString = "Host=x" }.EffectiveProvider);
        Assert.Equal(DatabaseProvider.Sqlite, new DatabaseOptions().EffectiveProvider);
    }

    private static LatchkeyServerOptions ValidProduction()
    {
        var variable = "LATCHKEY_TEST_KEK_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, Convert.ToBase64String(new byte[32]));
        return new LatchkeyServerOptions
        {
            InstanceType = InstanceType.Production,
            FrontendApiUrl = "https://auth.example.com",
            CookieDomain = "example.com",
            AllowedOrigins = ["https://app.example.com"],
            Smtp = { Host = "smtp.example.com" },
            KeyEncryption = { EnvironmentVariable = variable },
        };
    }
}
