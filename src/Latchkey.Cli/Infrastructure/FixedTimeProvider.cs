namespace Latchkey.Cli.Infrastructure;

/// <summary>
/// A clock that always answers the moment the user named (<c>--now</c>), to judge a token as of
/// a reported time. This is user input, not a test fake: nothing else in the tool reads time.
/// </summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
