using Latchkey.Server.Sessions;

namespace Latchkey.Server.Tests.Sessions;

public sealed class LastActiveTrackerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Snapshot_BeforeAcknowledge_KeepsAnsweringPending()
    {
        var tracker = new LastActiveTracker();
        tracker.Record("sess_a", Start);

        var snapshot = tracker.Snapshot();

        Assert.Single(snapshot);
        Assert.Equal(Start, tracker.Pending("sess_a"));
    }

    [Fact]
    public void Acknowledge_NewerTimeRecordedDuringFlush_KeepsTheNewerTime()
    {
        var tracker = new LastActiveTracker();
        tracker.Record("sess_a", Start);
        tracker.Record("sess_b", Start);
        var snapshot = tracker.Snapshot();
        tracker.Record("sess_b", Start.AddSeconds(5));

        tracker.Acknowledge(snapshot);

        Assert.Null(tracker.Pending("sess_a"));
        Assert.Equal(Start.AddSeconds(5), tracker.Pending("sess_b"));
    }

    [Fact]
    public void Record_OlderTime_KeepsTheNewest()
    {
        var tracker = new LastActiveTracker();
        tracker.Record("sess_a", Start.AddSeconds(5));

        tracker.Record("sess_a", Start);

        Assert.Equal(Start.AddSeconds(5), tracker.Pending("sess_a"));
    }
}
