using System.Net;
using System.Net.Http.Headers;
using Latchkey.AspNetCore.Tests.EndToEnd;
using Latchkey.AspNetCore.Tests.Infrastructure;
using Latchkey.Testing;

namespace Latchkey.AspNetCore.Tests.Revocation;

/// <summary>
/// The scheme with the feed switched on, over Kestrel: a revocation pushed by the feed turns a
/// token that verified a moment ago (and sits in the verified-token cache) into 401
/// session-revoked; a feed outage changes nothing for valid tokens.
/// </summary>
public sealed class RevocationHandlerTests : IAsyncLifetime
{
    private static readonly TestIssuer Issuer = new();
    private FakeRevocationFeed _feed = null!;
    private SampleApp _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _feed = await FakeRevocationFeed.StartAsync();
        _app = await SampleApp.StartAsync(Issuer, o =>
        {
            o.ApiUrl = _feed.Url;
            o.Revocation.Enabled = true;
            o.Revocation.ReconnectDelay = TimeSpan.FromMilliseconds(50);
        });
        _http = new HttpClient { BaseAddress = new Uri(_app.Url) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        await _feed.DisposeAsync();
    }

    private async Task<HttpResponseMessage> GetMeAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _http.SendAsync(request);
    }

    private async Task WaitForStreamAsync()
    {
        for (var i = 0; i < 500 && _feed.StreamRequests.IsEmpty; i++)
        {
            await Task.Delay(10);
        }

        Assert.False(_feed.StreamRequests.IsEmpty, "the app did not open the feed at start-up");
    }

    [Fact]
    public async Task AppStart_OpensTheFeedBeforeAnyRequest()
    {
        await WaitForStreamAsync();

        Assert.Contains("Bearer " + Issuer.SecretKey, _feed.Authorizations);
    }

    [Fact]
    public async Task RevocationPushed_CachedTokenOfThatSession_Is401SessionRevoked()
    {
        await WaitForStreamAsync();
        var token = Issuer.MintSessionToken(new TestTokenOptions { SessionId = "sess_pushed" });
        var other = Issuer.MintSessionToken(new TestTokenOptions { SessionId = "sess_kept" });
        Assert.Equal(HttpStatusCode.OK, (await GetMeAsync(token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetMeAsync(token)).StatusCode);

        _feed.Revoke("sess_pushed", Issuer.Clock.GetUtcNow().AddMinutes(1));
        HttpResponseMessage response;
        var attempts = 0;
        do
        {
            response = await GetMeAsync(token);
        }
        while (response.StatusCode == HttpStatusCode.OK && ++attempts < 200 && await Delay());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("error_description=\"session-revoked\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await GetMeAsync(other)).StatusCode);
    }

    [Fact]
    public async Task FeedDown_ValidTokensStillAcceptedAndKnownRevocationsKept()
    {
        await WaitForStreamAsync();
        var revoked = Issuer.MintSessionToken(new TestTokenOptions { SessionId = "sess_known" });
        var valid = Issuer.MintSessionToken(new TestTokenOptions { SessionId = "sess_valid" });
        _feed.Revoke("sess_known", Issuer.Clock.GetUtcNow().AddMinutes(1));
        for (var i = 0; i < 200 && (await GetMeAsync(revoked)).StatusCode == HttpStatusCode.OK; i++)
        {
            await Task.Delay(10);
        }

        _feed.FailWith = 503;
        _feed.CutStreams();
        await Task.Delay(300);

        Assert.Equal(HttpStatusCode.OK, (await GetMeAsync(valid)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetMeAsync(revoked)).StatusCode);
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(10);
        return true;
    }
}
