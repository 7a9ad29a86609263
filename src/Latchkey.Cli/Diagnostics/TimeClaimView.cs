using System.Globalization;
using System.Text.Json;
using Latchkey.Cli.Infrastructure;

namespace Latchkey.Cli.Diagnostics;

/// <summary>
/// One time claim (<c>iat</c>, <c>nbf</c>, <c>exp</c>) as the report shows it: the raw value,
/// the ISO 8601 date, the distance to the judging moment and a sentence such as
/// "expired 42 s ago", noting when the clock skew still accepts it.
/// </summary>
internal sealed record TimeClaimView(string Name, JsonElement Raw, double? Seconds, DateTimeOffset? Date, double? SecondsFromNow, string Description)
{
    /// <summary>The latest date a NumericDate may name: 9999-12-31T23:59:59Z (as the verifier).</summary>
    public const double MaxSeconds = 253_402_300_799;

    /// <summary>The time claims of a decoded payload, in the order iat, nbf, exp (absent ones left out).</summary>
    public static IReadOnlyList<TimeClaimView> From(JsonElement? payload, DateTimeOffset now, TimeSpan skew)
    {
        if (payload is not { ValueKind: JsonValueKind.Object } claims)
        {
            return [];
        }

        var views = new List<TimeClaimView>(3);
        foreach (string name in (string[])["iat", "nbf", "exp"])
        {
            if (claims.TryGetProperty(name, out JsonElement raw))
            {
                views.Add(Create(name, raw, now, skew));
            }
        }

        return views;
    }

    private static TimeClaimView Create(string name, JsonElement raw, DateTimeOffset now, TimeSpan skew)
    {
        if (raw.ValueKind != JsonValueKind.Number || !raw.TryGetDouble(out double seconds) || !double.IsFinite(seconds) || seconds < 0 || seconds > MaxSeconds)
        {
            return new TimeClaimView(name, raw, null, null, null, "not a NumericDate (a number of seconds since 1970-01-01, at most year 9999)");
        }

        DateTimeOffset date = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Floor(seconds * 1000));
        double delta = (date - now).TotalMilliseconds / 1000.0;
        return new TimeClaimView(name, raw, seconds, date, delta, Describe(name, delta, skew));
    }

    private static string Describe(string name, double delta, TimeSpan skew)
    {
        string span = DurationText.Format(delta);
        double skewSeconds = skew.TotalMilliseconds / 1000.0;
        string skewText = DurationText.Format(skewSeconds);
        return name switch
        {
            "exp" when delta > 0 => $"expires in {span}",
            "exp" when delta == 0 => $"expires at this moment{(skewSeconds > 0 ? $" (the {skewText} clock skew still accepts it)" : "")}",
            "exp" => $"expired {span} ago" + (-delta < skewSeconds ? $" (within the {skewText} clock skew: still accepted)" : ""),
            "nbf" when delta <= 0 => $"valid since {span} ago",
            "nbf" => $"not valid for another {span}" + (delta <= skewSeconds ? $" (within the {skewText} clock skew: accepted)" : ""),
            _ when delta <= 0 => $"issued {span} ago",
            _ => $"issued {span} in the future" + (delta <= skewSeconds ? $" (within the {skewText} clock skew: accepted)" : ""),
        };
    }

    /// <summary>The ISO 8601 form used in reports: seconds, or milliseconds when the value has a fraction.</summary>
    public string? IsoDate => Date?.ToString(Date.Value.Millisecond == 0 ? "yyyy-MM-ddTHH:mm:ssZ" : "yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
