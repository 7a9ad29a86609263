using System.Text;
using System.Text.Json;
using Latchkey.Server.FrontendApi.Tokens;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Server.Tests.FrontendApi;

public sealed class TokenResponseTests
{
    [Fact]
    public async Task ExecuteAsync_CompactJws_WritesExactBodyWithContentLength()
    {
        const string jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEifQ.c2lnbmF0dXJlLV8";
        var (context, body) = NewContext();

        await new TokenResponse(jwt).ExecuteAsync(context);
        await context.Response.BodyWriter.FlushAsync();

        var text = Encoding.UTF8.GetString(body.ToArray());
        Assert.Equal("{\"object\":\"token\",\"jwt\":\"" + jwt + "\"}", text);
        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", context.Response.ContentType);
        Assert.Equal(text.Length, context.Response.ContentLength);
    }

    [Theory]
    [InlineData("a\"b")]
    [InlineData("</script>")]
    [InlineData("x\\y")]
    public async Task ExecuteAsync_ValueOutsideCompactJwsAlphabet_IsEscapedBySerializer(string value)
    {
        var (context, body) = NewContext();

        await new TokenResponse(value).ExecuteAsync(context);
        await context.Response.BodyWriter.FlushAsync();

        using var document = JsonDocument.Parse(body.ToArray());
        Assert.Equal("token", document.RootElement.GetProperty("object").GetString());
        Assert.Equal(value, document.RootElement.GetProperty("jwt").GetString());
    }

    [Theory]
    [InlineData("abc.DEF-_.019", true)]
    [InlineData("", true)]
    [InlineData("abc=", false)]
    [InlineData("a b", false)]
    [InlineData("é", false)]
    public void IsCompactJws_Value_MatchesBase64UrlAndDots(string value, bool expected) =>
        Assert.Equal(expected, TokenResponse.IsCompactJws(value));

    private static (DefaultHttpContext Context, MemoryStream Body) NewContext()
    {
        var body = new MemoryStream();
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider(),
        };
        context.Response.Body = body;
        return (context, body);
    }
}
