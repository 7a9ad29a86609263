using System.Net;
using Latchkey.Load.Tests.Driver;
using Xunit.Abstractions;

namespace Latchkey.Load.Tests.Abuse;

/// <summary>
/// Two server processes on one PostgreSQL database, an attacker alternating between them.
/// The per-identifier lockout holds across instances (its counters are rows of the database).
/// The per-IP and per-identifier credential budgets hold across them too, because on PostgreSQL
/// they are also counted in the database (<c>RateLimits:ShareCredentialBudgets</c>, default on);
/// with that switched off each process's in-memory window is the only budget, and two instances
/// give one address two budgets: the test measures both.
/// </summary>
[Collection(LoadCollection.Name)]
public sealed class TwoInstanceTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SignIn_AttackerAlternatingTwoInstances_LockoutAndSharedBudgetsHoldAcrossThem(bool shared)
    {
        string[] settings = [.. StuffingServer.Settings, "Latchkey:RateLimits:ShareCredentialBudgets=" + shared];
        await using var database = await LoadDatabase.CreateAsync(LoadProvider.Postgres);
        await using var a = await ServerProcess.StartAsync(database, settings);
        await using var b = await ServerProcess.StartAsync(database, settings, dataFolder: database.NewSiblingFolder());
        using var toA = new SourceAddresses(a.BaseAddress, 1, block: 60);
        using var toB = new SourceAddresses(b.BaseAddress, 1, block: 60);
        // The stuffing attack below comes from its own address: the guesses above count in the
        // per-IP windows of their address, whose phase on each instance is unknown.
        using var stuffA = new SourceAddresses(a.BaseAddress, 1, block: 62);
        using var stuffB = new SourceAddresses(b.BaseAddress, 1, block: 62);
        using var userA = new SourceAddresses(a.BaseAddress, 1, block: 61);
        using var userB = new SourceAddresses(b.BaseAddress, 1, block: 61);
        var email = $"victim-{Guid.NewGuid():N}@example.com";
        Assert.True((await LatchkeyCalls.CreateUserAsync(userA[0], a.SecretKey, email)).IsOk);
        var device = (await LatchkeyCalls.SignInAsync(userA[0], 0, email)).Client!;

        // One identifier, alternating instances, one guess at a time: the lock trips at the
        // threshold whichever instance counted the failures, and both instances then refuse.
        var sequence = new List<CallResult>();
        for (var i = 0; i < StuffingServer.Threshold + 2; i++)
        {
            var http = i % 2 == 0 ? toA[0] : toB[0];
            sequence.Add((await LatchkeyCalls.SignInAsync(http, 0, email, "Guess" + i)).Result);
        }

        var deviceOnB = await LatchkeyCalls.MintAsync(userB[0], device);
        output.WriteLine("one identifier, guesses alternating A, B, A, ...: " + string.Join(", ", sequence.Select(r => $"{(int)r.Status} {r.ErrorCode}")));
        output.WriteLine($"the user's signed-in device refreshing through B meanwhile: {(int)deviceOnB.Status}");
        Assert.All(sequence.Take(StuffingServer.Threshold - 1), r => Assert.Equal("form_password_incorrect", r.ErrorCode));
        Assert.All(sequence.Skip(StuffingServer.Threshold - 1), r => Assert.Equal("user_locked", r.ErrorCode));
        Assert.True(deviceOnB.IsOk);

        // Many identifiers from one address, alternating. With shared budgets the attack stays
        // inside one window of the shared budget (those windows are aligned on the wall clock:
        // start just after a boundary) and must get at most one budget through. Without them,
        // each instance's own window has its own phase; the attack runs until each instance has
        // refused at least once (its window's budget is spent: every check it admitted in that
        // window was answered, so it checked at least a full budget), bounded by a few windows
        // so that a slow machine only makes the test slower, not wrong.
        var windowMs = (long)StuffingServer.Window.TotalMilliseconds;
        await Task.Delay(TimeSpan.FromMilliseconds(windowMs - (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() % windowMs) + 50));
        var perInstance = new[] { new AttackTally(), new AttackTally() };
        var limit = shared ? StuffingServer.Window * 0.8 : StuffingServer.Window * 4;
        var both = await Attack.RunAsync(4, limit, async n =>
        {
            var result = (await LatchkeyCalls.SignInAsync(n % 2 == 0 ? stuffA[0] : stuffB[0], 0, $"x{n}-{Guid.NewGuid():N}@example.com", "Spring2026!")).Result;
            perInstance[n % 2].Add(result);
            return result;
        }, done: shared ? null : () => perInstance[0].Limited > 0 && perInstance[1].Limited > 0);
        output.WriteLine($"shared budgets {(shared ? "on" : "off")}: one address, new identifiers, alternating A/B: A checked {perInstance[0].Checked}, B checked {perInstance[1].Checked} passwords ({both}); the budget is {StuffingServer.PerIp} per {StuffingServer.Window.TotalSeconds:F0} s window");
        Assert.Equal(0, both.Other);
        Assert.Equal(0, both.MissingRetryAfter);
        if (shared)
        {
            // One shared window: one budget between the two instances.
            Assert.InRange(both.Checked, 1, StuffingServer.PerIp);
        }
        else
        {
            // Each instance refused only once its own budget was spent: each gave at least a full
            // budget, so one address got two (the cost of switching the shared budgets off).
            Assert.True(perInstance[0].Limited > 0 && perInstance[1].Limited > 0, $"both instances refused within {limit.TotalSeconds:F0} s: {perInstance[0]} / {perInstance[1]}");
            Assert.True(perInstance[0].Checked >= StuffingServer.PerIp && perInstance[1].Checked >= StuffingServer.PerIp, $"A {perInstance[0].Checked}, B {perInstance[1].Checked}");
        }
    }
}
