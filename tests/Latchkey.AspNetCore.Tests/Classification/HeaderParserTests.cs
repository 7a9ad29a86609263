using Latchkey.AspNetCore.Classification;

namespace Latchkey.AspNetCore.Tests.Classification;

/// <summary>The strict readers of the Cookie and Authorization headers.</summary>
public sealed class HeaderParserTests
{
    private static readonly CookieNames Names = new("sfx12345");

    [Theory]
    [InlineData("__session=a.b.c; __client_uat=17", "a.b.c", "17")]
    [InlineData("  __session = a.b.c ;\t__client_uat=\t17  ", "a.b.c", "17")]
    [InlineData("__session=first; __session=second; __client_uat=1; __client_uat=2", "first", "1")]
    [InlineData("__session=; __session=late", "", null)]
    [InlineData("other=1; __session; __session=x%2Ey; junk", "x.y", null)]
    [InlineData("__session=a%3Bb; __client_uat=3", "a;b", "3")]
    [InlineData("__session=bad%zz; __client_uat=%E2%82%AC", "bad%zz", "\u20ac")]
    [InlineData("__Session=upper; _session=no; __session_=no; x__session=no", null, null)]
    [InlineData("", null, null)]
    public void ParseNamed_Header_WantedNamesFirstOccurrenceDecoded(string header, string? session, string? uat)
    {
        var values = CookieHeaderParser.ParseNamed(header, Names);

        Assert.Equal(session, values[Array.IndexOf(Names.All, "__session")]);
        Assert.Equal(uat, values[Array.IndexOf(Names.All, "__client_uat")]);
    }

    [Theory]
    [InlineData("  __session = a.b.c ;\t__client_uat=\t17  ", "a.b.c", "17", 0b101)]
    [InlineData("__session=; __session=late; __client_uat=%31", "", "%31", 0b101)]
    [InlineData("x=1; __client_uat=2; __client_uat=3", "", "2", 0b100)]
    [InlineData("", "", "", 0)]
    public void FindNamed_Header_RawValueRangesAndNamesSent(string header, string session, string uat, int sent)
    {
        var ranges = new Range[CookieNames.Count];
        Array.Fill(ranges, new Range(0, 1)); // whatever the caller's memory held: cleared first

        var seen = CookieHeaderParser.FindNamed(header, Names, ranges);

        Assert.Equal(sent, seen);
        Assert.Equal(session, header[ranges[CookieNames.SessionIndex]]);
        Assert.Equal(uat, header[ranges[CookieNames.ClientUatIndex]]);
    }

    [Fact]
    public void ParseNamed_SuffixedAndUnsuffixed_KeptApart()
    {
        var values = CookieHeaderParser.ParseNamed("__session_sfx12345=suffixed; __session=plain; __refresh_sfx12345=r", Names);

        Assert.Equal("suffixed", values[Array.IndexOf(Names.All, Names.SuffixedSession)]);
        Assert.Equal("plain", values[Array.IndexOf(Names.All, "__session")]);
        Assert.Equal("r", values[Array.IndexOf(Names.All, Names.SuffixedRefresh)]);
    }

    [Fact]
    public void ParseNamed_HeaderOverTheLimit_NothingRead()
    {
        var header = "__session=x; pad=" + new string('a', CookieHeaderParser.MaxHeaderLength);

        Assert.All(CookieHeaderParser.ParseNamed(header, Names), Assert.Null);
    }

    [Theory]
    [InlineData("abc", true)]
    [InlineData("a-._~+/b", true)]
    [InlineData("abc==", true)]
    [InlineData("=", false)]
    [InlineData("==abc", false)]
    [InlineData("ab=c", false)]
    [InlineData("a b", false)]
    [InlineData("a,b", false)]
    [InlineData("", false)]
    public void IsB64Token_Input_Rfc6750Syntax(string value, bool expected) =>
        Assert.Equal(expected, AuthorizationHeaderParser.IsB64Token(value));
}
