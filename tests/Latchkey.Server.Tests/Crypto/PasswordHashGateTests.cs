using Latchkey.Server.Configuration;
using Latchkey.Server.Crypto;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Tests.Crypto;

public sealed class PasswordHashGateTests
{
    private static PasswordHashGate Gate(int slots, int queue) =>
        new(Options.Create(new LatchkeyServerOptions { Passwords = { MaxConcurrentHashes = slots, HashQueueLimit = queue } }));

    [Fact]
    public async Task TryRun_SlotsAndQueueFull_RefusesWithoutRunning()
    {
        using var gate = Gate(slots: 1, queue: 1);
        using var release = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();
        var running = Task.Run(() => gate.TryRunAsync(() =>
        {
            started.Set();
            return release.Wait(TimeSpan.FromSeconds(10));
        }, CancellationToken.None));
        Assert.True(started.Wait(TimeSpan.FromSeconds(10)));
        var queued = gate.TryRunAsync(() => 2, CancellationToken.None);
        Assert.False(queued.IsCompleted);
        var ranThird = false;

        var third = await gate.TryRunAsync(() => ranThird = true, CancellationToken.None);

        Assert.False(third.Ran);
        Assert.False(ranThird);
        release.Set();
        Assert.True((await running).Ran);
        Assert.Equal((true, 2), await queued);
    }

    [Fact]
    public async Task TryRun_ManyCallers_NeverMoreThanTheSlotsAtOnce()
    {
        using var gate = Gate(slots: 2, queue: 100);
        var current = 0;
        var peak = 0;

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => gate.TryRunAsync(() =>
        {
            var now = Interlocked.Increment(ref current);
            InterlockedMax(ref peak, now);
            Thread.Sleep(2);
            Interlocked.Decrement(ref current);
            return true;
        }, CancellationToken.None))));

        Assert.All(results, r => Assert.True(r.Ran));
        Assert.InRange(peak, 1, 2);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
