using Latchkey.AspNetCore.Authentication;
using Latchkey.AspNetCore.Classification;
using Microsoft.AspNetCore.Http;

namespace Latchkey.AspNetCore.Tests.Classification;

/// <summary>How the handler reads a request: the lazy description of an HttpRequest and the JWT shape check.</summary>
public sealed class RequestInputTests
{
    [Theory]
    [InlineData("a.b.c", true)]
    [InlineData("eyJ-_0.eyJ9.sig_-", true)]
    [InlineData("", false)]
    [InlineData("a.b", false)]
    [InlineData("a.b.c.d", false)]
    [InlineData(".b.c", false)]
    [InlineData("a..c", false)]
    [InlineData("a.b.", false)]
    [InlineData("a.b.c=", false)]
    [InlineData("a.b+.c", false)]
    [InlineData("a.b.c\n", false)]
    [InlineData("a.b.c ", false)]
    [InlineData("mt_abc", false)]
    public void IsJwtFormat_Input_ThreeNonEmptyBase64UrlSegments(string token, bool expected) =>
        Assert.Equal(expected, MachineTokens.IsJwtFormat(token));

    [Fact]
    public void IsJwtFormat_LongerThanTheHeaderLimit_False() =>
        Assert.False(MachineTokens.IsJwtFormat("a.b." + new string('c', AuthorizationHeaderParser.MaxTokenLength)));

    [Theory]
    [InlineData("http", "app.example.com", "", "/", "")]
    [InlineData("https", "app.example.com:8443", "/base", "/api/items", "?a=1&b=%20x")]
    [InlineData("http", "127.0.0.1:5200", "", "/caf%C3%A9", "?")]
    public void DescribeRequest_HttpRequest_SameAsThePublicDescription(string scheme, string host, string pathBase, string path, string query)
    {
        var context = new DefaultHttpContext();
        var request = context.Request;
        request.Method = "POST";
        request.Scheme = scheme;
        request.Host = new HostString(host);
        request.PathBase = PathString.FromUriComponent(pathBase);
        request.Path = PathString.FromUriComponent(path);
        request.QueryString = new Microsoft.AspNetCore.Http.QueryString(query);
        request.Headers.Cookie = new(["a=1", "__session=x.y.z"]);
        request.Headers.Accept = new(["text/html", "application/json"]);
        request.Headers.Authorization = "Bearer x.y.z";
        request.Headers.UserAgent = string.Empty;
        request.Headers["X-Forwarded-Host"] = "evil.example";

        var lazy = LatchkeyAuthenticationHandler.DescribeRequest(request);
        var eager = new LatchkeyRequestDescription("POST", new Uri(scheme + "://" + host + pathBase + path + query), [
            new("Cookie", "a=1"), new("Cookie", "__session=x.y.z"), new("Accept", "text/html"), new("Accept", "application/json"),
            new("Authorization", "Bearer x.y.z"), new("User-Agent", string.Empty),
        ]);

        Assert.Equal("a=1; __session=x.y.z", lazy.GetHeader("cookie"));
        Assert.Equal("text/html, application/json", lazy.GetHeader("Accept"));
        foreach (var name in new[] { "Cookie", "Accept", "Authorization", "User-Agent", "Referer", "Origin", "Sec-Fetch-Dest", "X-Forwarded-Host" })
        {
            Assert.Equal(eager.GetHeader(name), lazy.GetHeader(name));
        }

        Assert.Equal(eager.Method, lazy.Method);
        Assert.Equal(eager.Url, lazy.Url);
        Assert.Equal(eager.Url.Query, lazy.Url.Query);
        Assert.Equal(eager.Headers.OrderBy(h => h.Key), lazy.Headers.OrderBy(h => h.Key));
        Assert.False(lazy.Headers.ContainsKey("X-Forwarded-Host"));
    }
}
