namespace Latchkey.AspNetCore.Tokens;

/// <summary>
/// The token core's clock during one classification: the "now" the classifier was given (so the
/// classifier is a function of its inputs, and tests and <c>request explain</c> judge at any
/// moment), else the host's <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// The "now" is thread-local, not async-local: it is set only around a synchronous call into the
/// token core (<see cref="Use"/> ... <c>Dispose</c> with no await between), so it cannot leak
/// into other work on the thread, and setting it costs no execution-context copy per request.
/// </remarks>
internal sealed class RequestClock(TimeProvider fallback) : TimeProvider
{
    [ThreadStatic]
    private static DateTimeOffset? t_now;

    public override DateTimeOffset GetUtcNow() => t_now ?? fallback.GetUtcNow();

    public override long GetTimestamp() => fallback.GetTimestamp();

    public override long TimestampFrequency => fallback.TimestampFrequency;

    /// <summary>Sets "now" on this thread until the returned scope is disposed; never await inside the scope.</summary>
    public static Scope Use(DateTimeOffset now)
    {
        var previous = t_now;
        t_now = now;
        return new Scope(previous);
    }

    internal readonly struct Scope(DateTimeOffset? previous) : IDisposable
    {
        public void Dispose() => t_now = previous;
    }
}
