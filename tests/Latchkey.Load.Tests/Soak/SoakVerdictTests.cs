using Latchkey.Load.Tests.Driver;

namespace Latchkey.Load.Tests.Soak;

/// <summary>
/// The soak's verdict on the shed share: a long run fails when the driver shed more than
/// <see cref="SoakSettings.LongRunMaxShedShare"/> of its planned ticks; a short run prints the
/// share without judging it. Figures from the recorded runs of docs/reliability.md.
/// </summary>
public sealed class SoakVerdictTests
{
    private static readonly SoakSettings Long = new(TimeSpan.FromMinutes(10), 4000, 1000, 16, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), 0.7, 512, TimeSpan.FromSeconds(2), SoakSettings.LongRunMaxShedShare);
    private static readonly SoakSettings Short = Long with { Duration = TimeSpan.FromSeconds(20), MaxShedShare = null };

    [Theory]
    [InlineData(15_994, 943_200, false)] // SQLite long run: 1.7 % (ticks planned: rate × 600 s)
    [InlineData(423_135, 2_186_400, false)] // PostgreSQL long run, quiet machine: 19.4 %
    [InlineData(409_093, 990_000, true)] // PostgreSQL long run, starved machine: 41.3 %
    [InlineData(250_001, 1_000_000, true)] // just over a quarter
    [InlineData(250_000, 1_000_000, false)] // exactly a quarter
    public void ShedTooHigh_LongRun_FailsAboveTheBound(long shed, long issued, bool tooHigh)
    {
        var report = Report(Long, shed, issued);

        Assert.Equal(tooHigh, report.ShedTooHigh);
        Assert.Equal(tooHigh, report.Failures.Any(f => f.Contains("shed", StringComparison.Ordinal)));
    }

    [Fact]
    public void ShedTooHigh_ShortRun_NotJudgedButPrinted()
    {
        var report = Report(Short, shed: 900, issued: 1000);

        Assert.False(report.ShedTooHigh);
        Assert.Contains("900 of 1000 (90.0 %; not judged in the short run)", report.ToMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public void ToMarkdown_LongRun_PrintsTheShareAndTheBound()
    {
        var report = Report(Long, shed: 194, issued: 1000);

        Assert.Contains("194 of 1000 (19.4 %; bound 25 %)", report.ToMarkdown(), StringComparison.Ordinal);
    }

    private static SoakReport Report(SoakSettings settings, long shed, long issued) =>
        new("SQLite", settings, SeedSeconds: 1, Capacity: 2000, TargetRate: 1400, IssuedRate: 1400, issued, shed,
            new Dictionary<string, int>(), Unexpected: 0, [], [], [], CounterError: null);
}
