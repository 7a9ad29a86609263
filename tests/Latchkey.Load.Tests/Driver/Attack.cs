using System.Diagnostics;

namespace Latchkey.Load.Tests.Driver;

/// <summary>
/// Closed-loop attackers: <c>workers</c> loops calling <c>attempt(n)</c> as fast as answers come,
/// for a duration, or until <c>done()</c> says the attack has shown what it was run for.
/// </summary>
public static class Attack
{
    public static async Task<AttackTally> RunAsync(int workers, TimeSpan duration, Func<long, Task<CallResult>> attempt, Func<bool>? done = null)
    {
        var tally = new AttackTally();
        long next = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            while (clock.Elapsed < duration && !(done?.Invoke() ?? false))
            {
                tally.Add(await attempt(Interlocked.Increment(ref next)));
            }
        }));
        return tally;
    }
}
