using System.Net;
using Latchkey.Load.Tests.Driver;
using Xunit.Abstractions;

namespace Latchkey.Load.Tests.Abuse;

/// <summary>
/// Two server processes on one PostgreSQL database, an attacker alternating between them.
/// What holds across instances: the per-identifier lockout (its counters are rows of the
/// database), so the number of passwords an attacker may try against one account does not grow
/// with the number of instances. What does not: the per-IP and per-identifier request budgets
/// are fixed windows in each process's memory, so N instances give one address N budgets (the
/// test measures it; docs/reliability.md and docs/server.md say so and what to put in front).
/// </summary>
[Collection(LoadCollection.Name)]
public sealed class TwoInstanceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task SignIn_AttackerAlternatingTwoInstances_LockoutHoldsAcrossThemPerIpBudgetIsPerInstance()
    {
        await using var database = await LoadDatabase.CreateAsync(LoadProvider.Postgres);
        await using var a = await ServerProcess.StartAsync(database, StuffingServer.Settings);
        await using var b = await ServerProcess.StartAsync(database, StuffingServer.Settings, dataFolder: database.NewSiblingFolder());
        using var toA = new SourceAddresses(a.BaseAddress, 1, block: 60);
        using var toB = new SourceAddresses(b.BaseAddress, 1, block: 60);
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

        // Many identifiers from one address for one window, as fast as answers come, alternating.
        await Task.Delay(StuffingServer.Window);
        var perInstance = new[] { new AttackTally(), new AttackTally() };
        var both = await Attack.RunAsync(4, StuffingServer.Window * 0.9, async n =>
        {
            var result = (await LatchkeyCalls.SignInAsync(n % 2 == 0 ? toA[0] : toB[0], 0, $"x{n}-{Guid.NewGuid():N}@example.com", "Spring2026!")).Result;
            perInstance[n % 2].Add(result);
            return result;
        });
        var windows = StuffingServer.WindowsTouched(StuffingServer.Window * 0.9);
        output.WriteLine($"one address, new identifiers, alternating for {StuffingServer.Window.TotalSeconds * 0.9:F1} s: A checked {perInstance[0].Checked}, B checked {perInstance[1].Checked} passwords ({both}); one instance allows at most {StuffingServer.PerIp} per window");
        Assert.Equal(0, both.Other);
        Assert.InRange(perInstance[0].Checked, 1, StuffingServer.PerIp * windows);
        Assert.InRange(perInstance[1].Checked, 1, StuffingServer.PerIp * windows);
        Assert.True(both.Checked <= 2 * StuffingServer.PerIp * windows);
    }
}
