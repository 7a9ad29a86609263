using Latchkey.Cli.Infrastructure;

namespace Latchkey.Cli.Tests.Infrastructure;

public class TerminalTextTests
{
    [Theory]
    [InlineData("plain text: https://example.com/?a=1&b=<2>\n", "plain text: https://example.com/?a=1&b=<2>\n")]
    [InlineData("caf\u00e9 \u65e5\u672c \U0001F600", "caf\u00e9 \u65e5\u672c \U0001F600")]
    [InlineData("\u001b[31mred", "\\u001b[31mred")]
    [InlineData("a\rb\tc\u0007", "a\\u000db\\u0009c\\u0007")]
    [InlineData("evil\u202egnp.exe", "evil\\u202egnp.exe")]
    [InlineData("zero\u200bwidth\ufeff", "zero\\u200bwidth\\ufeff")]
    [InlineData("line\u2028sep\u2029", "line\\u2028sep\\u2029")]
    [InlineData("private \ue000", "private \\ue000")]
    [InlineData("tag \U000E0041", "tag \\udb40\\udc41")]
    public void Escape_Text_KeepsPrintableAndEscapesTheRest(string input, string expected)
    {
        Assert.Equal(expected, TerminalText.Escape(input));
    }

    [Fact]
    public void Escape_LoneSurrogates_AreEscaped()
    {
        // Built at run time: attribute arguments cannot carry lone surrogates.
        string input = "high " + (char)0xD800 + " low " + (char)0xDC00 + " end " + (char)0xD83D;

        Assert.Equal("high \\ud800 low \\udc00 end \\ud83d", TerminalText.Escape(input));
    }

    [Fact]
    public void Escape_SafeText_ReturnsTheSameInstance()
    {
        string text = "nothing to escape\n";

        Assert.Same(text, TerminalText.Escape(text));
    }
}
