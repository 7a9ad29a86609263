namespace Latchkey.Tokens.Tests.Support;

/// <summary>A clock that can also move backwards (FakeTimeProvider refuses to), for clock-jump tests.</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
