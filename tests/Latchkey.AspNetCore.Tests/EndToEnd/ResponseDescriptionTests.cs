using Latchkey.Testing;

namespace Latchkey.AspNetCore.Tests.EndToEnd;

/// <summary>
/// <see cref="LatchkeyRequestClassifier.DescribeResponse"/> against the real handler: the same
/// request sent through Kestrel and described offline gives the same status and the same
/// Location, Cache-Control, Set-Cookie, WWW-Authenticate and x-clerk-auth-* headers.
/// </summary>
public sealed class ResponseDescriptionTests : IAsyncLifetime
{
    private static readonly TestIssuer Issuer = new();
    private static readonly string[] Compared = ["Location", "Cache-Control", "Set-Cookie", "WWW-Authenticate", "x-clerk-auth-status", "x-clerk-auth-reason", "x-clerk-auth-message"];
    private SampleApp _all = null!;
    private SampleApp _protectedOnly = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _all = await SampleApp.StartAsync(Issuer);
        _protectedOnly = await SampleApp.StartAsync(Issuer, o => o.HandshakeMode = LatchkeyHandshakeMode.ProtectedEndpointsOnly);
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _all.DisposeAsync();
        await _protectedOnly.DisposeAsync();
    }

    public static TheoryData<string, string, string, bool> Cases() => new()
    {
        // case, path, mode ("all" or "protected-only"), navigation
        { "valid-bearer", "/api/me", "all", false },
        { "no-credential", "/api/me", "all", false },
        { "expired-bearer", "/api/me", "all", false },
        { "stale-cookies", "/page", "all", true },
        { "stale-cookies", "/public", "all", true },
        { "stale-cookies", "/public", "protected-only", true },
        { "stale-cookies", "/page", "protected-only", true },
        { "stale-cookies", "/api/me", "all", false },
        { "garbage-bearer", "/public", "all", false },
        { "pending-bearer", "/api/me", "all", false },
        { "pending-bearer", "/public", "all", false },
        { "valid-cookie", "/page", "all", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task DescribeResponse_SameRequestThroughKestrel_SameStatusAndHeaders(string name, string path, string mode, bool navigation)
    {
        var app = mode == "all" ? _all : _protectedOnly;
        var headers = Headers(name, navigation);
        using var message = new HttpRequestMessage(HttpMethod.Get, app.Url + path);
        foreach (var (header, value) in headers)
        {
            message.Headers.TryAddWithoutValidation(header, value);
        }

        using var response = await _http.SendAsync(message);

        var options = new LatchkeyAuthenticationOptions();
        Issuer.Configure(options);
        options.HandshakeMode = mode == "all" ? LatchkeyHandshakeMode.AllNavigations : LatchkeyHandshakeMode.ProtectedEndpointsOnly;
        var classifier = new LatchkeyRequestClassifier(options);
        var state = await classifier.ClassifyAsync(
            new LatchkeyRequestDescription("GET", new Uri(app.Url + path), headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value))),
            Issuer.Clock.GetUtcNow());
        var described = classifier.DescribeResponse(state, protectedEndpoint: path != "/public", isDevelopment: true);

        Assert.Equal(described.StatusCode ?? 200, (int)response.StatusCode);
        Assert.Equal(Select(described.Headers), Select(Actual(response)));
    }

    [Fact]
    public async Task DescribeResponse_PendingSession_SignedOutWithSessionPending()
    {
        var options = new LatchkeyAuthenticationOptions();
        Issuer.Configure(options);
        var classifier = new LatchkeyRequestClassifier(options);
        var state = await classifier.ClassifyAsync(
            new LatchkeyRequestDescription("GET", new Uri("http://127.0.0.1:5200/api"), Headers("pending-bearer", false).Select(h => new KeyValuePair<string, string>(h.Name, h.Value))),
            Issuer.Clock.GetUtcNow());

        var onProtected = classifier.DescribeResponse(state);
        var onPublic = classifier.DescribeResponse(state, protectedEndpoint: false);

        Assert.True(state.IsSignedIn);
        Assert.False(onProtected.IsSignedIn);
        Assert.Equal(LatchkeyReasonCodes.SessionPending, onProtected.Reason);
        Assert.Equal(401, onProtected.StatusCode);
        Assert.True(onPublic.ReachesEndpoint);
        Assert.False(onPublic.IsSignedIn);
    }

    [Fact]
    public async Task DescribeResponse_DebugHeadersOffOutsideDevelopment_OnlyTheChallenge()
    {
        var options = new LatchkeyAuthenticationOptions();
        Issuer.Configure(options);
        var classifier = new LatchkeyRequestClassifier(options);
        var state = await classifier.ClassifyAsync(
            new LatchkeyRequestDescription("GET", new Uri("http://127.0.0.1:5200/api"), [new("Authorization", "Bearer x")]),
            Issuer.Clock.GetUtcNow());

        var response = classifier.DescribeResponse(state, isDevelopment: false);

        Assert.Equal(401, response.StatusCode);
        var header = Assert.Single(response.Headers);
        Assert.Equal("WWW-Authenticate", header.Key);
        Assert.Equal("Bearer error=\"invalid_token\", error_description=\"token-invalid\"", header.Value);
    }

    private static (string Name, string Value)[] Headers(string name, bool navigation)
    {
        (string, string)[] kind = navigation
            ? [("Sec-Fetch-Dest", "document"), ("Accept", "text/html")]
            : [("Sec-Fetch-Dest", "empty"), ("Accept", "application/json")];
        var now = Issuer.Clock.GetUtcNow();
        (string, string)[] credential = name switch
        {
            "valid-bearer" => [("Authorization", "Bearer " + Issuer.MintSessionToken())],
            "expired-bearer" => [("Authorization", "Bearer " + Issuer.MintSessionToken(new TestTokenOptions { IssuedAt = now.AddMinutes(-2) }))],
            "garbage-bearer" => [("Authorization", "Bearer x")],
            "pending-bearer" => [("Authorization", "Bearer " + Issuer.MintSessionToken(new TestTokenOptions { SessionStatus = "pending" }))],
            "stale-cookies" => [("Cookie", $"__client_uat={now.ToUnixTimeSeconds()}; __clerk_db_jwt=dvb")],
            "valid-cookie" => [("Cookie", Issuer.CookieHeader(Issuer.MintSessionToken()))],
            "no-credential" => [("Cookie", "__clerk_db_jwt=dvb")],
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        return [.. kind, .. credential];
    }

    private static IEnumerable<KeyValuePair<string, string>> Actual(HttpResponseMessage response)
    {
        foreach (var (name, values) in response.Headers.NonValidated)
        {
            foreach (var value in values)
            {
                yield return new(name, value);
            }
        }
    }

    private static List<string> Select(IEnumerable<KeyValuePair<string, string>> headers) =>
        headers.Where(h => Compared.Contains(h.Key, StringComparer.OrdinalIgnoreCase))
            .Select(h => h.Key.ToLowerInvariant() + ": " + h.Value)
            .Order(StringComparer.Ordinal)
            .ToList();
}
