namespace Latchkey.AspNetCore.Tokens;

/// <summary>
/// The system clock read at most once per tick of <see cref="Environment.TickCount64"/> (the
/// kernel's coarse monotonic clock: 1 to 4 ms on Linux), for the one "now" each request is judged
/// at. Reading the wall clock costs a system call on some hosts (about 0.1 us here, more under
/// load); the coarse tick does not. The value returned is never ahead of the real clock and lags it
/// by less than one tick, which is nothing beside the 5 s skew that every time check allows.
/// Used only when the host's <see cref="TimeProvider"/> is <see cref="TimeProvider.System"/>; any
/// other provider (a test's fake clock) is read as it is.
/// </summary>
internal static class CoarseSystemClock
{
    private static Snapshot s_last = new(long.MinValue, DateTimeOffset.MinValue);

    /// <summary>Now, from <paramref name="time"/>; through the per-tick cache when it is the system clock.</summary>
    public static DateTimeOffset GetUtcNow(TimeProvider time)
    {
        if (!ReferenceEquals(time, TimeProvider.System))
        {
            return time.GetUtcNow();
        }

        var tick = Environment.TickCount64;
        var snapshot = Volatile.Read(ref s_last);
        if (snapshot.Tick == tick)
        {
            return snapshot.Now;
        }

        var now = time.GetUtcNow();
        Volatile.Write(ref s_last, new Snapshot(tick, now));
        return now;
    }

    /// <summary>A reading of the wall clock and the tick it was taken in, published as one reference.</summary>
    private sealed record Snapshot(long Tick, DateTimeOffset Now);
}
