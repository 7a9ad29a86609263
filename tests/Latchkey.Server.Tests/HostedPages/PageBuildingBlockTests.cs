using Latchkey.Server.HostedPages;
using Latchkey.Server.HostedPages.Markup;

namespace Latchkey.Server.Tests.HostedPages;

/// <summary>The small pieces the pages are built from: the HTML builder, device names, URL decoration, wording.</summary>
public sealed class PageBuildingBlockTests
{
    [Theory]
    [InlineData("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;")]
    [InlineData("\" onfocus=\"x", "&quot; onfocus=&quot;x")]
    [InlineData("it's & more", "it&#x27;s &amp; more")]
    [InlineData("Zoë Ω 名前", "Zoë Ω 名前")]
    public void HtmlOf_StringHole_IsEncodedLiteralKept(string hostile, string expected)
    {
        var html = Html.Of($"""<p title="{hostile}">{hostile}</p>""");

        Assert.Equal($"""<p title="{expected}">{expected}</p>""", html.ToString());
    }

    [Fact]
    public void HtmlOf_HtmlHole_IsNotEncodedAgain()
    {
        var inner = Html.Of($"<b>{"<i>"}</b>");

        var outer = Html.Of($"<p>{inner}{42}</p>");

        Assert.Equal("<p><b>&lt;i&gt;</b>42</p>", outer.ToString());
    }

    [Fact]
    public void HtmlText_ControlCharacters_AreEncoded()
    {
        Assert.DoesNotContain('\u0001', Html.Text("a\u0001b").ToString());
    }

    [Theory]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36 Edg/140.0.0.0", "Edge on Windows")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0.0.0 Safari/537.36", "Chrome on Linux")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15", "Safari on macOS")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1", "Safari on iPhone")]
    [InlineData("Mozilla/5.0 (Android 14; Mobile; rv:140.0) Gecko/140.0 Firefox/140.0", "Firefox on Android")]
    [InlineData("curl/8.5.0", "curl")]
    [InlineData("something else", "Unknown device")]
    [InlineData(null, "Unknown device")]
    public void Describe_UserAgent_ShortName(string? userAgent, string expected)
    {
        Assert.Equal(expected, DeviceDescription.Describe(userAgent));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5200/", "http://127.0.0.1:5200/?__clerk_db_jwt=T")]
    [InlineData("http://127.0.0.1:5200/a?b=1#frag", "http://127.0.0.1:5200/a?b=1&__clerk_db_jwt=T#frag")]
    [InlineData("http://127.0.0.1:5200/a?__clerk_db_jwt=old&b=%20x", "http://127.0.0.1:5200/a?b=%20x&__clerk_db_jwt=T")]
    public void WithDevBrowser_Target_DecoratedOnce(string target, string expected)
    {
        Assert.Equal(expected, HostedPageFlow.WithDevBrowser(new Uri(target), "T"));
    }

    [Theory]
    [InlineData(1, "1 second")]
    [InlineData(45, "45 seconds")]
    [InlineData(60, "1 minute")]
    [InlineData(61, "2 minutes")]
    [InlineData(900, "15 minutes")]
    public void Duration_Seconds_Readable(int seconds, string expected)
    {
        Assert.Equal(expected, PageMessages.Duration(seconds));
    }

    [Theory]
    [InlineData(30, "just now")]
    [InlineData(60, "1 minute ago")]
    [InlineData(7200, "2 hours ago")]
    [InlineData(3 * 86400, "3 days ago")]
    public void Ago_Elapsed_Readable(int seconds, string expected)
    {
        Assert.Equal(expected, PageMessages.Ago(TimeSpan.FromSeconds(seconds)));
    }
}
