using System.Globalization;

namespace Latchkey.Cli.Diagnostics;

/// <summary>
/// What a refused token says about the clocks: the offset between this machine's clock and the
/// issuer's that its time claims measure. A token cannot be issued after it arrives, so an
/// <c>iat</c> (or <c>nbf</c>) ahead of now means this clock is behind by at least that much; an
/// expired token's age means this clock is ahead by at most that much, if the token was fresh.
/// </summary>
/// <param name="OffsetSeconds">The issuer's clock minus this machine's, in seconds: positive when this machine is behind.</param>
/// <param name="Bound"><c>at-least</c> (the offset is at least this large) or <c>at-most</c> (at most this large, assuming a fresh token).</param>
/// <param name="Basis">The claim that measured it: <c>iat</c>, <c>nbf</c> or <c>exp</c>.</param>
/// <param name="Text">The sentence for people, e.g. "the token was issued 30 s in this machine's future; check the clock".</param>
internal sealed record ClockReading(double OffsetSeconds, string Bound, string Basis, string Text)
{
    private static readonly string[] TimeReasons =
    [
        "token-expired", "token-not-active-yet", "token-iat-in-the-future", "session-token-nbf", "session-token-iat-in-the-future", "session-token-expired",
    ];

    /// <summary>The reading for a state whose <paramref name="reason"/> is about time, from the judged token's <paramref name="times"/>; null otherwise.</summary>
    public static ClockReading? From(string? reason, IReadOnlyList<TimeClaimView> times, TimeSpan skew)
    {
        if (reason is null || !TimeReasons.Any(r => reason.StartsWith(r, StringComparison.Ordinal)))
        {
            return null;
        }

        double skewSeconds = skew.TotalMilliseconds / 1000.0;
        TimeClaimView? iat = times.FirstOrDefault(t => t.Name == "iat" && t.SecondsFromNow is not null);
        TimeClaimView? nbf = times.FirstOrDefault(t => t.Name == "nbf" && t.SecondsFromNow is not null);
        TimeClaimView? exp = times.FirstOrDefault(t => t.Name == "exp" && t.SecondsFromNow is not null);
        if ((iat?.SecondsFromNow > skewSeconds ? iat : nbf?.SecondsFromNow > skewSeconds ? nbf : null) is { } ahead)
        {
            double behind = ahead.SecondsFromNow!.Value;
            string what = ahead.Name == "iat" ? "issued" : "valid from";
            return new ClockReading(behind, "at-least", ahead.Name,
                $"the token was {what} {Seconds(behind)} s in this machine's future ({ahead.Name}): this machine's clock is at least {Seconds(behind)} s behind the issuer's; check the clock (NTP)");
        }

        if (exp?.SecondsFromNow is { } untilExpiry && untilExpiry <= -skewSeconds && iat?.SecondsFromNow is { } issued && exp.Seconds >= iat.Seconds)
        {
            double age = -issued;
            double lifetime = exp.Seconds!.Value - iat.Seconds!.Value;
            return -untilExpiry < lifetime
                ? new ClockReading(-age, "at-most", "exp",
                    $"the token was issued {Seconds(age)} s ago by this machine's clock and lives {Seconds(lifetime)} s: if it was minted moments ago, this machine's clock is up to {Seconds(age)} s ahead of the issuer's; check the clock (NTP)")
                : null;
        }

        return null;
    }

    private static string Seconds(double value) => Math.Round(value, 3).ToString("0.###", CultureInfo.InvariantCulture);
}
