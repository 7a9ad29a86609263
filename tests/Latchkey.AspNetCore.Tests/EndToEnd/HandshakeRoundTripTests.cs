using System.Net;
using Latchkey.AspNetCore.Tests.Infrastructure;
using Latchkey.Testing;

namespace Latchkey.AspNetCore.Tests.EndToEnd;

/// <summary>
/// A development handshake round trip over real HTTP: stale cookies → 307 to the Frontend API →
/// (the server's part, played here by the fake Backend API's nonce store) → return with a nonce →
/// the handler resolves it, answers the clean-up 307 with the session cookies → signed in.
/// A run against a real Latchkey server belongs to the demo's end-to-end suite.
/// </summary>
public sealed class HandshakeRoundTripTests : IAsyncLifetime
{
    private static readonly TestIssuer Issuer = new();
    private FakeBackendApi _api = null!;
    private SampleApp _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeBackendApi.StartAsync();
        _app = await SampleApp.StartAsync(Issuer, o => o.ApiUrl = _api.Url);
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(_app.Url) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        await _api.DisposeAsync();
    }

    private async Task<HttpResponseMessage> NavigateAsync(string path, string cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Sec-Fetch-Dest", "document");
        request.Headers.Add("Accept", "text/html");
        request.Headers.Add("Cookie", cookie);
        return await _http.SendAsync(request);
    }

    [Fact]
    public async Task Handshake_RoundTripThroughNonce_EndsSignedIn()
    {
        var uat = Issuer.Clock.GetUtcNow().ToUnixTimeSeconds();
        using var first = await NavigateAsync("/page", $"__client_uat={uat}; __clerk_db_jwt=dvb_1");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, first.StatusCode);
        var handshake = first.Headers.Location!;
        Assert.Equal("/v1/client/handshake", handshake.AbsolutePath);
        var redirectUrl = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(handshake.Query)["redirect_url"].ToString();
        Assert.Equal(_app.Url + "/page", redirectUrl);

        // The Frontend API mints a session and stores the directives under a one-time nonce.
        var token = Issuer.MintSessionToken(new TestTokenOptions { UserId = "user_rt" });
        _api.Nonces["nonce_rt"] = [$"__session={token}; Path=/; SameSite=Lax", $"__client_uat={uat}; Path=/"];

        using var back = await NavigateAsync(new Uri(redirectUrl).PathAndQuery + "?__clerk_handshake_nonce=nonce_rt", "__clerk_db_jwt=dvb_1");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, back.StatusCode);
        Assert.Equal(_app.Url + "/page", back.Headers.Location!.AbsoluteUri);
        var cookies = back.Headers.GetValues("Set-Cookie").ToList();
        Assert.Contains(cookies, c => c.StartsWith("__session=" + token, StringComparison.Ordinal));

        using var final = await NavigateAsync("/page", $"__session={token}; __client_uat={uat}; __clerk_db_jwt=dvb_1");
        Assert.Equal(HttpStatusCode.OK, final.StatusCode);
        Assert.Contains("page", await final.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Handshake_ProtectedEndpointsOnly_PublicNavigationNotRedirected()
    {
        await using var app = await SampleApp.StartAsync(Issuer, o => o.HandshakeMode = LatchkeyHandshakeMode.ProtectedEndpointsOnly);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(app.Url) };
        var cookie = $"__client_uat={Issuer.Clock.GetUtcNow().ToUnixTimeSeconds()}; __clerk_db_jwt=dvb_1";
        using var publicRequest = new HttpRequestMessage(HttpMethod.Get, "/public");
        publicRequest.Headers.Add("Sec-Fetch-Dest", "document");
        publicRequest.Headers.Add("Cookie", cookie);
        using var publicResponse = await http.SendAsync(publicRequest);
        Assert.Equal(HttpStatusCode.OK, publicResponse.StatusCode);
        Assert.False(publicResponse.Headers.Contains("Set-Cookie"));

        using var protectedRequest = new HttpRequestMessage(HttpMethod.Get, "/page");
        protectedRequest.Headers.Add("Sec-Fetch-Dest", "document");
        protectedRequest.Headers.Add("Cookie", cookie);
        using var protectedResponse = await http.SendAsync(protectedRequest);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, protectedResponse.StatusCode);
    }
}
