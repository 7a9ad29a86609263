using Latchkey.AspNetCore.Tokens;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.AspNetCore.Tests.Tokens;

/// <summary>The per-tick system clock: never ahead of the real clock, never far behind, and never in the way of a fake clock.</summary>
public sealed class CoarseSystemClockTests
{
    [Fact]
    public void GetUtcNow_SystemClock_BetweenAReadingBeforeLessATickAndAReadingAfter()
    {
        for (var i = 0; i < 1_000; i++)
        {
            var before = TimeProvider.System.GetUtcNow();
            var now = CoarseSystemClock.GetUtcNow(TimeProvider.System);
            var after = TimeProvider.System.GetUtcNow();

            Assert.True(now <= after, $"{now:O} is after {after:O}");
            Assert.True(now >= before - TimeSpan.FromMilliseconds(50), $"{now:O} lags {before:O} by more than 50 ms");
        }
    }

    [Fact]
    public void GetUtcNow_OtherProvider_ReadAsItIs()
    {
        var fake = new FakeTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));

        var first = CoarseSystemClock.GetUtcNow(fake);
        fake.Advance(TimeSpan.FromTicks(1));
        var second = CoarseSystemClock.GetUtcNow(fake);

        Assert.Equal(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero), first);
        Assert.Equal(first.AddTicks(1), second);
    }
}
