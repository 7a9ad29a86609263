using System.Globalization;

namespace Latchkey.Cli.Infrastructure;

/// <summary>Short human durations for diagnostics: "42 s", "3 min 12 s", "2 h 5 min", "3 d 4 h", "12 y 40 d".</summary>
internal static class DurationText
{
    /// <summary>Formats the absolute value of <paramref name="seconds"/> with at most two units; fractions of a second are kept below one minute.</summary>
    public static string Format(double seconds)
    {
        double abs = Math.Abs(seconds);
        if (abs < 60)
        {
            return abs.ToString(abs == Math.Floor(abs) ? "0" : "0.###", CultureInfo.InvariantCulture) + " s";
        }

        long total = (long)Math.Floor(abs);
        const long Minute = 60, Hour = 3600, Day = 86_400, Year = 365 * Day;
        return total switch
        {
            < Hour => Two(total / Minute, "min", total % Minute, "s"),
            < Day => Two(total / Hour, "h", total % Hour / Minute, "min"),
            < Year => Two(total / Day, "d", total % Day / Hour, "h"),
            _ => Two(total / Year, "y", total % Year / Day, "d"),
        };
    }

    private static string Two(long major, string majorUnit, long minor, string minorUnit) =>
        minor == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{major} {majorUnit}")
            : string.Create(CultureInfo.InvariantCulture, $"{major} {majorUnit} {minor} {minorUnit}");
}
