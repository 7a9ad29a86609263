using Latchkey.Cli.Infrastructure;

namespace Latchkey.Cli.Tests.Infrastructure;

public class DurationTextTests
{
    [Theory]
    [InlineData(0, "0 s")]
    [InlineData(42, "42 s")]
    [InlineData(-42, "42 s")]
    [InlineData(0.25, "0.25 s")]
    [InlineData(59.5, "59.5 s")]
    [InlineData(60, "1 min")]
    [InlineData(192, "3 min 12 s")]
    [InlineData(3600, "1 h")]
    [InlineData(7500, "2 h 5 min")]
    [InlineData(86_400, "1 d")]
    [InlineData(273_600, "3 d 4 h")]
    [InlineData(31_536_000 * 12.0 + 86_400 * 40, "12 y 40 d")]
    public void Format_Seconds_UsesAtMostTwoUnits(double seconds, string expected)
    {
        Assert.Equal(expected, DurationText.Format(seconds));
    }
}
