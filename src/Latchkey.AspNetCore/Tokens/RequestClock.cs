namespace Latchkey.AspNetCore.Tokens;

/// <summary>
/// The token core's clock during one classification: the "now" the classifier was given (so the
/// classifier is a function of its inputs, and tests and <c>request explain</c> judge at any
/// moment), else the host's <see cref="TimeProvider"/>.
/// </summary>
internal sealed class RequestClock(TimeProvider fallback) : TimeProvider
{
    private static readonly AsyncLocal<DateTimeOffset?> Current = new();

    public override DateTimeOffset GetUtcNow() => Current.Value ?? fallback.GetUtcNow();

    public override long GetTimestamp() => fallback.GetTimestamp();

    public override long TimestampFrequency => fallback.TimestampFrequency;

    /// <summary>Sets "now" until the returned scope is disposed.</summary>
    public static Scope Use(DateTimeOffset now)
    {
        var previous = Current.Value;
        Current.Value = now;
        return new Scope(previous);
    }

    internal readonly struct Scope(DateTimeOffset? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
