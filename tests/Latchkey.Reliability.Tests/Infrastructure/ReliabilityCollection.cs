// Scenarios generate load, kill processes and stop databases: they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Latchkey.Reliability.Tests.Infrastructure;

/// <summary>Short or long runs of the same scenarios (<c>./test.sh --long</c> sets <c>LATCHKEY_TEST_LONG=1</c>).</summary>
public static class RunLength
{
    /// <summary>Whether the long versions run.</summary>
    public static bool IsLong => Environment.GetEnvironmentVariable("LATCHKEY_TEST_LONG") == "1";

    /// <summary>Picks the short or the long value.</summary>
    public static T Pick<T>(T shortRun, T longRun) => IsLong ? longRun : shortRun;

    /// <summary>The name of the run, printed with the figures.</summary>
    public static string Name => IsLong ? "long" : "short";
}
