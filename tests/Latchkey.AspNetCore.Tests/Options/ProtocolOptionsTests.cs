using System.Text.Json;
using Latchkey.Testing;
using Microsoft.Extensions.Options;

namespace Latchkey.AspNetCore.Tests.Options;

/// <summary>Options from the protocol's camelCase JSON: every name maps, shapes are checked, values by the package's validation.</summary>
public sealed class ProtocolOptionsTests
{
    private static readonly TestIssuer Issuer = new();

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    [Fact]
    public void TryCreate_EveryName_MapsOntoTheOptions()
    {
        var json = Json("""
            {
              "publishableKey": "pk_test_x", "secretKey": "sk_test_x", "machineSecretKey": "ak_x", "jwtKey": "PEM",
              "frontendApiUrl": "http://127.0.0.1:5100", "apiUrl": "http://127.0.0.1:5101",
              "authorizedParties": ["http://127.0.0.1:5200", "http://127.0.0.1:5300"], "audience": "aud1",
              "clockSkewInMs": 2500, "acceptsToken": ["session_token", "m2m_token"],
              "isSatellite": true, "satelliteAutoSync": true, "domain": "sat.example.com",
              "proxyUrl": "/__clerk", "signInUrl": "https://primary.example.com/sign-in",
              "organizationSyncOptions": { "organizationPatterns": ["/orgs/:slug"], "personalAccountPatterns": ["/me"] },
              "allowedRedirectOrigins": ["http://127.0.0.1:5400"], "treatPendingAsSignedOut": false,
              "handshakeMode": "protectedEndpointsOnly", "debugHeaders": false
            }
            """);

        Assert.True(LatchkeyProtocolOptions.TryCreate(json, out var o, out var errors), string.Join("\n", errors));

        Assert.Equal("pk_test_x", o.PublishableKey);
        Assert.Equal("sk_test_x", o.SecretKey);
        Assert.Equal("ak_x", o.MachineSecretKey);
        Assert.Equal("PEM", o.JwtKey);
        Assert.Equal("http://127.0.0.1:5100", o.FrontendApiUrl);
        Assert.Equal("http://127.0.0.1:5101", o.ApiUrl);
        Assert.Equal(["http://127.0.0.1:5200", "http://127.0.0.1:5300"], o.AuthorizedParties);
        Assert.Equal(["aud1"], o.Audience);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), o.ClockSkew);
        Assert.Equal(LatchkeyTokenTypes.SessionToken | LatchkeyTokenTypes.M2MToken, o.AcceptsToken);
        Assert.True(o.IsSatellite);
        Assert.True(o.SatelliteAutoSync);
        Assert.Equal("sat.example.com", o.Domain);
        Assert.Equal("/__clerk", o.ProxyUrl);
        Assert.Equal("https://primary.example.com/sign-in", o.SignInUrl);
        Assert.Equal(["/orgs/:slug"], o.OrganizationSync!.OrganizationPatterns);
        Assert.Equal(["/me"], o.OrganizationSync.PersonalAccountPatterns);
        Assert.Equal(["http://127.0.0.1:5400"], o.AllowedRedirectOrigins);
        Assert.False(o.TreatPendingAsSignedOut);
        Assert.Equal(LatchkeyHandshakeMode.ProtectedEndpointsOnly, o.HandshakeMode);
        Assert.False(o.DebugHeaders);
        Assert.Equal(20, LatchkeyProtocolOptions.Names.Count);
    }

    [Fact]
    public void TryCreate_NullsAndAbsentNames_KeepTheDefaults()
    {
        Assert.True(LatchkeyProtocolOptions.TryCreate(Json("""{"jwtKey": null, "clockSkewInMs": null, "acceptsToken": "any"}"""), out var o, out _));

        var defaults = new LatchkeyAuthenticationOptions();
        Assert.Null(o.JwtKey);
        Assert.Equal(defaults.ClockSkew, o.ClockSkew);
        Assert.Equal(LatchkeyTokenTypes.Any, o.AcceptsToken);
        Assert.Null(o.DebugHeaders);
        Assert.True(o.TreatPendingAsSignedOut);
    }

    [Fact]
    public void TryCreate_UnknownNames_OneErrorNamingThemAll()
    {
        Assert.False(LatchkeyProtocolOptions.TryCreate(Json("""{"signUpUrl": "x", "PublishableKey": "pk", "secretKey": "sk"}"""), out var o, out var errors));

        Assert.Null(o);
        var error = Assert.Single(errors);
        Assert.StartsWith("unknown option names \"signUpUrl\", \"PublishableKey\" (did you mean \"publishableKey\"?); the accepted names are publishableKey, secretKey,", error);
    }

    [Theory]
    [InlineData("""[]""", "the options must be a JSON object, not an array")]
    [InlineData("""{"secretKey": 12}""", "\"secretKey\" must be a string, not the number 12")]
    [InlineData("""{"isSatellite": "yes"}""", "\"isSatellite\" must be true or false, not a string")]
    [InlineData("""{"authorizedParties": "http://a"}""", "\"authorizedParties\" must be an array of strings, not a string")]
    [InlineData("""{"audience": [1]}""", "\"audience\" must hold only strings, not the number 1")]
    [InlineData("""{"clockSkewInMs": 1.5}""", "\"clockSkewInMs\" must be a whole number of milliseconds (default 5000), not the number 1.5")]
    [InlineData("""{"clockSkewInMs": 1e300}""", "\"clockSkewInMs\" must be a whole number of milliseconds (default 5000), not the number 1e300")]
    [InlineData("""{"acceptsToken": "session"}""", "\"acceptsToken\" holds \"session\"; expected \"session_token\", \"api_key\", \"m2m_token\", \"oauth_token\" or \"any\"")]
    [InlineData("""{"acceptsToken": 3}""", "\"acceptsToken\" must be \"session_token\", \"api_key\", \"m2m_token\", \"oauth_token\" or \"any\", or an array of them, not the number 3")]
    [InlineData("""{"handshakeMode": "1"}""", "\"handshakeMode\" must be \"allNavigations\", \"protectedEndpointsOnly\" or \"never\", not \"1\"")]
    [InlineData("""{"organizationSyncOptions": {"patterns": []}}""", "unknown option name \"organizationSyncOptions.patterns\"; the accepted names are organizationPatterns, personalAccountPatterns")]
    [InlineData("""{"secretKey": "a", "secretKey": "b"}""", "\"secretKey\" is given more than once")]
    [InlineData("""{"domain": "\ud800"}""", "the options hold a name or string that is not valid Unicode (a lone surrogate escape such as \\ud800)")]
    public void TryCreate_WrongShape_ErrorNamesTheMember(string json, string expected)
    {
        Assert.False(LatchkeyProtocolOptions.TryCreate(Json(json), out _, out var errors));

        Assert.Equal(expected, Assert.Single(errors));
    }

    [Fact]
    public void TryCreate_ShapeRightValuesWrong_ClassifierReportsTheStartupMessages()
    {
        Assert.True(LatchkeyProtocolOptions.TryCreate(Json("""{"publishableKey": "pk_test_nope", "clockSkewInMs": 600000}"""), out var o, out _));

        var error = Assert.Throws<OptionsValidationException>(() => new LatchkeyRequestClassifier(o));

        Assert.Contains(error.Failures, f => f.StartsWith("Latchkey:PublishableKey is not a valid publishable key", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Latchkey:SecretKey is missing.", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Latchkey:ClockSkew 00:10:00 is out of range", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TryCreate_IssuerOptions_ClassifiesLikeTheSameOptionsFromCode()
    {
        var json = JsonSerializer.SerializeToElement(new Dictionary<string, object>
        {
            ["publishableKey"] = Issuer.PublishableKey,
            ["secretKey"] = Issuer.SecretKey,
            ["jwtKey"] = Issuer.PublicKeyPem,
            ["frontendApiUrl"] = Issuer.FrontendApiUrl,
            ["authorizedParties"] = new[] { "http://127.0.0.1:5200" },
        });
        Assert.True(LatchkeyProtocolOptions.TryCreate(json, out var options, out _));
        var classifier = new LatchkeyRequestClassifier(options);

        var good = Issuer.MintSessionToken(new TestTokenOptions { AuthorizedParty = "http://127.0.0.1:5200" });
        var foreign = Issuer.MintSessionToken(new TestTokenOptions { AuthorizedParty = "http://evil.example" });

        Assert.True((await Classify(classifier, good)).IsSignedIn);
        Assert.Equal(Latchkey.Tokens.ReasonCodes.TokenInvalidAuthorizedParties, (await Classify(classifier, foreign)).Reason);
    }

    private static Task<LatchkeyRequestState> Classify(LatchkeyRequestClassifier classifier, string token) =>
        classifier.ClassifyAsync(new LatchkeyRequestDescription("GET", new Uri("http://127.0.0.1:5200/api"), [new("Authorization", "Bearer " + token)]), Issuer.Clock.GetUtcNow());
}
