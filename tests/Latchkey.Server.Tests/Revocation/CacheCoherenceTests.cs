using Latchkey.Server.Configuration;
using Latchkey.Server.Revocation;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Server.Tests.Revocation;

public sealed class CacheCoherenceTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    private CacheCoherence Create(TimeSpan pollInterval, TimeSpan? outageGrace = null) =>
        new(Microsoft.Extensions.Options.Options.Create(new LatchkeyServerOptions { Revocation = { PollInterval = pollInterval, DatabaseOutageGrace = outageGrace ?? TimeSpan.Zero } }), _time);

    [Fact]
    public void IsWithinOutageGrace_GraceOff_IsFalseEvenRightAfterASync()
    {
        var coherence = Create(TimeSpan.FromSeconds(1));
        coherence.Synced(_time.GetUtcNow());

        Assert.False(coherence.IsWithinOutageGrace);
    }

    [Fact]
    public void IsWithinOutageGrace_GraceOn_EndsTrustWindowPlusGraceAfterTheLastSync()
    {
        var coherence = Create(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        coherence.Synced(_time.GetUtcNow());

        _time.Advance(TimeSpan.FromSeconds(33));
        var atBound = coherence.IsWithinOutageGrace;
        var trustedAtBound = coherence.IsTrusted;
        _time.Advance(TimeSpan.FromTicks(1));

        Assert.True(atBound);
        Assert.False(trustedAtBound);
        Assert.False(coherence.IsWithinOutageGrace);
    }

    [Fact]
    public void IsWithinOutageGrace_BeforeAnySync_IsFalse()
    {
        Assert.False(Create(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)).IsWithinOutageGrace);
    }

    [Fact]
    public void IsTrusted_BeforeAnySync_IsFalse()
    {
        Assert.False(Create(TimeSpan.FromSeconds(1)).IsTrusted);
    }

    [Fact]
    public void IsTrusted_ThreePollIntervalsAfterTheLastSyncStarted_EndsThen()
    {
        var coherence = Create(TimeSpan.FromSeconds(1));
        coherence.Synced(_time.GetUtcNow());

        _time.Advance(TimeSpan.FromSeconds(3));
        var atBound = coherence.IsTrusted;
        _time.Advance(TimeSpan.FromTicks(1));

        Assert.True(atBound);
        Assert.False(coherence.IsTrusted);
    }

    [Fact]
    public void Synced_OlderStartThanTheLast_DoesNotMoveBack()
    {
        var coherence = Create(TimeSpan.FromSeconds(1));
        coherence.Synced(_time.GetUtcNow());
        coherence.Synced(_time.GetUtcNow().AddSeconds(-10));

        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.True(coherence.IsTrusted);
    }

    [Fact]
    public void Invalidated_ChangesTheEpoch()
    {
        var coherence = Create(TimeSpan.FromSeconds(1));
        var before = coherence.Epoch;

        coherence.Invalidated();

        Assert.NotEqual(before, coherence.Epoch);
    }
}
