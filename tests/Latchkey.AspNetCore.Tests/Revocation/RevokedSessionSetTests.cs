using Latchkey.AspNetCore.Revocation;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.AspNetCore.Tests.Revocation;

public sealed class RevokedSessionSetTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    private long In(int seconds) => _time.GetUtcNow().AddSeconds(seconds).ToUnixTimeMilliseconds();

    [Fact]
    public void Contains_EmptySet_IsFalse()
    {
        Assert.False(new RevokedSessionSet(100, _time).Contains("sess_a"));
    }

    [Fact]
    public void Add_AlreadyExpired_IsIgnored()
    {
        var set = new RevokedSessionSet(100, _time);

        set.Add("sess_old", In(0));

        Assert.False(set.Contains("sess_old"));
        Assert.Equal(0, set.Count);
    }

    [Fact]
    public void Sweep_AtTheEntrysEnd_RemovesItButNotLaterOnes()
    {
        var set = new RevokedSessionSet(100, _time);
        set.Add("sess_a", In(10));
        set.Add("sess_b", In(20));
        set.Add("sess_a", In(5));

        _time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, set.Sweep());
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var removed = set.Sweep();

        Assert.Equal(1, removed);
        Assert.False(set.Contains("sess_a"));
        Assert.True(set.Contains("sess_b"));
        Assert.Equal(1, set.Count);
    }

    [Fact]
    public void Add_PastCapacity_DropsTheSoonestToExpire()
    {
        var set = new RevokedSessionSet(100, _time);
        for (var i = 0; i < 100; i++)
        {
            set.Add("sess_" + i, In(100 + i));
        }

        var dropped = set.Add("sess_new", In(1000));

        Assert.Equal(11, dropped);
        Assert.Equal(90, set.Count);
        Assert.False(set.Contains("sess_0"));
        Assert.False(set.Contains("sess_10"));
        Assert.True(set.Contains("sess_11"));
        Assert.True(set.Contains("sess_new"));
    }
}
