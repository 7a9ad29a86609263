using System.Net;
using Latchkey.Cli.Commands.Request.Explain;

namespace Latchkey.Cli.Tests.Commands.Request.Explain;

/// <summary>The guard in front of every call the package makes: records each call, refuses origins the options do not name.</summary>
public class NetworkRecorderTests
{
    private sealed class Answer(HttpStatusCode status) : HttpMessageHandler
    {
        public int Calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(new HttpResponseMessage(status));
        }
    }

    [Fact]
    public async Task Send_ConfiguredOrigin_PassedOnAndRecorded()
    {
        var inner = new Answer(HttpStatusCode.OK);
        using var recorder = new NetworkRecorder(inner) { AllowedOrigins = new HashSet<string> { "http://127.0.0.1:5100" } };
        using var client = new HttpClient(recorder);

        using HttpResponseMessage response = await client.GetAsync("http://127.0.0.1:5100/v1/jwks");

        Assert.Equal(1, inner.Calls);
        NetworkCall call = Assert.Single(recorder.Take());
        Assert.Equal(new NetworkCall("GET", "http://127.0.0.1:5100/v1/jwks", 200, "200 OK"), call);
        Assert.Empty(recorder.Take());
    }

    [Theory]
    [InlineData("http://127.0.0.1:5101/v1/jwks")]
    [InlineData("https://127.0.0.1:5100/v1/jwks")]
    [InlineData("http://evil.example/v1/jwks")]
    public async Task Send_OtherOrigin_RefusedNeverSentAndRecorded(string url)
    {
        var inner = new Answer(HttpStatusCode.OK);
        using var recorder = new NetworkRecorder(inner) { AllowedOrigins = new HashSet<string> { "http://127.0.0.1:5100" } };
        using var client = new HttpClient(recorder);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(url));

        Assert.Equal(0, inner.Calls);
        Assert.StartsWith("refused by latchkey", Assert.Single(recorder.Take()).Outcome);
    }

    [Theory]
    [InlineData("HTTP://127.0.0.1:5100/x", "http://127.0.0.1:5100")]
    [InlineData("https://Clerk.Example.com/v1", "https://clerk.example.com")]
    [InlineData("https://clerk.example.com:443/", "https://clerk.example.com")]
    [InlineData("/relative", null)]
    [InlineData("ftp://x/", null)]
    [InlineData(null, null)]
    public void OriginOf_Urls_NormalisedOrigin(string? url, string? expected)
    {
        Assert.Equal(expected, NetworkRecorder.OriginOf(url));
    }
}
