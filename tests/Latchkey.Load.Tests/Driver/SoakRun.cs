using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Latchkey.Load.Tests.Driver;

/// <summary>
/// The soak: signs in <see cref="SoakSettings.Clients"/> browsers, measures the token endpoint's
/// capacity with a short closed loop, then drives an open loop at a fraction of it for
/// <see cref="SoakSettings.Duration"/>: per 100 ticks 96 token refreshes, 2 sign-ins of new
/// browsers, 1 sign-out and 1 revocation through the Backend API. A sign-out is followed by a
/// refresh of the ended session (must be refused at once); a revocation too (must be refused
/// within 2 s, the revocation promise). Anything else that is not a 200 is an unexpected error.
/// </summary>
public sealed class SoakRun
{
    /// <summary>Connections per source address the driver's pools may open.</summary>
    public const int ConnectionsPerAddress = 8;

    private static readonly TimeSpan RevocationWindow = TimeSpan.FromSeconds(2);

    private readonly ServerProcess _server;
    private readonly SoakSettings _settings;
    private readonly List<SimulatedClient> _pool = [];
    private readonly ConcurrentDictionary<string, string> _finished = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentDictionary<string, int> _counts = new();
    private readonly ConcurrentBag<(int Slice, double Milliseconds)> _latencies = [];
    private readonly List<string> _emails = [];
    private long _unexpected;
    private int _inFlight;

    public SoakRun(ServerProcess server, SoakSettings settings)
    {
        _server = server;
        _settings = settings;
    }

    public async Task<SoakReport> RunAsync(string provider)
    {
        using var addresses = new SourceAddresses(_server.BaseAddress, _settings.Addresses, block: 10, connectionsPerAddress: ConnectionsPerAddress);
        var setup = Stopwatch.StartNew();
        await SeedAsync(addresses);
        var seedSeconds = setup.Elapsed.TotalSeconds;

        var capacity = await ProbeCapacityAsync(addresses);
        var rate = Math.Max(10, capacity * _settings.RateFraction);

        await using var sampler = new ProcessSampler(_server.ProcessId, _settings.SampleInterval);
        var clock = Stopwatch.StartNew();
        long issued = 0, shed = 0;
        var random = new Random(8);
        while (clock.Elapsed < _settings.Duration)
        {
            var due = (long)(clock.Elapsed.TotalSeconds * rate);
            while (issued < due)
            {
                var tick = issued++;
                if (Volatile.Read(ref _inFlight) >= _settings.MaxInFlight)
                {
                    shed++;
                    continue;
                }

                Interlocked.Increment(ref _inFlight);
                var slice = (int)(clock.Elapsed / _settings.Slice);
                _ = RunTickAsync(addresses, tick, slice, random.Next());
            }

            await Task.Delay(2);
        }

        var elapsed = clock.Elapsed;
        while (Volatile.Read(ref _inFlight) > 0 && clock.Elapsed < elapsed + TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20);
        }

        var samples = sampler.Samples;
        return new SoakReport(
            provider, _settings, seedSeconds, capacity, rate, issued / elapsed.TotalSeconds, issued, shed,
            new Dictionary<string, int>(_counts), Interlocked.Read(ref _unexpected), [.. _errors.Take(20)],
            SoakSlice.From(_latencies, samples, _settings), samples, sampler.CounterError);
    }

    private async Task SeedAsync(SourceAddresses addresses)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < _settings.Users; i++)
        {
            _emails.Add($"soak-{run}-{i}@example.com");
        }

        await Parallel.ForEachAsync(_emails, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (email, _) =>
        {
            var created = await LatchkeyCalls.CreateUserAsync(addresses[0], _server.SecretKey, email);
            if (!created.IsOk)
            {
                throw new InvalidOperationException($"Seeding a user answered {(int)created.Status} {created.ErrorCode}: {created.Body}");
            }
        });
        await Parallel.ForEachAsync(Enumerable.Range(0, _settings.Clients), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var (result, client) = await LatchkeyCalls.SignInAsync(addresses[i], i % addresses.Count, _emails[i % _emails.Count]);
            if (client is null)
            {
                throw new InvalidOperationException($"Seeding a sign-in answered {(int)result.Status} {result.ErrorCode}: {result.Body}");
            }

            lock (_pool)
            {
                _pool.Add(client);
            }
        });
    }

    private async Task<double> ProbeCapacityAsync(SourceAddresses addresses)
    {
        // Warm-up (JIT, session cache, connection pools), then a closed loop of 32 workers.
        await ClosedLoopAsync(addresses, TimeSpan.FromSeconds(Math.Min(5, _settings.CapacityProbe.TotalSeconds)), 32);
        var clock = Stopwatch.StartNew();
        var done = await ClosedLoopAsync(addresses, _settings.CapacityProbe, 32);
        return done / clock.Elapsed.TotalSeconds;
    }

    private async Task<long> ClosedLoopAsync(SourceAddresses addresses, TimeSpan duration, int workers)
    {
        long done = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async w =>
        {
            var random = new Random(w);
            while (clock.Elapsed < duration)
            {
                var client = Pick(random.Next());
                var result = await LatchkeyCalls.MintAsync(addresses[client.Address], client);
                if (!result.IsOk)
                {
                    throw new InvalidOperationException($"Capacity probe: a refresh answered {(int)result.Status} {result.ErrorCode}.");
                }

                Interlocked.Increment(ref done);
            }
        }));
        return done;
    }

    private async Task RunTickAsync(SourceAddresses addresses, long tick, int slice, int draw)
    {
        try
        {
            switch (tick % 100)
            {
                case 0 or 50:
                    await SignInAsync(addresses, draw);
                    break;
                case 33:
                    await SignOutAsync(addresses, draw);
                    break;
                case 66:
                    await RevokeAsync(addresses, draw);
                    break;
                default:
                    await MintAsync(addresses, slice, draw);
                    break;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Unexpected("driver: " + e.GetType().Name + ": " + e.Message);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task MintAsync(SourceAddresses addresses, int slice, int draw)
    {
        var client = Pick(draw);
        var result = await LatchkeyCalls.MintAsync(addresses[client.Address], client);
        if (result.IsOk)
        {
            Count("refresh");
            _latencies.Add((slice, result.Milliseconds));
        }
        else if (result.Status == HttpStatusCode.Unauthorized && _finished.TryGetValue(client.SessionId, out var code) && result.ErrorCode == code)
        {
            // Picked just before another tick signed it out or revoked it.
            Count("refresh of a session ended meanwhile (" + code + ")");
        }
        else
        {
            Unexpected($"refresh: {(int)result.Status} {result.ErrorCode}");
        }
    }

    private async Task SignInAsync(SourceAddresses addresses, int draw)
    {
        var address = draw % addresses.Count;
        var (result, client) = await LatchkeyCalls.SignInAsync(addresses[address], address, _emails[draw % _emails.Count]);
        if (client is null)
        {
            Unexpected($"sign-in: {(int)result.Status} {result.ErrorCode}");
            return;
        }

        Count("sign-in");
        lock (_pool)
        {
            _pool.Add(client);
        }
    }

    private async Task SignOutAsync(SourceAddresses addresses, int draw)
    {
        var client = Take(draw);
        if (client is null)
        {
            return;
        }

        _finished[client.SessionId] = "session_ended";
        var result = await LatchkeyCalls.SignOutAsync(addresses[client.Address], client);
        if (!result.IsOk)
        {
            Unexpected($"sign-out: {(int)result.Status} {result.ErrorCode}");
            return;
        }

        Count("sign-out");
        var after = await LatchkeyCalls.MintAsync(addresses[client.Address], client);
        if (after.Status == HttpStatusCode.Unauthorized && after.ErrorCode == "session_ended")
        {
            Count("refresh after sign-out refused (session_ended)");
        }
        else
        {
            Unexpected($"refresh after sign-out: {(int)after.Status} {after.ErrorCode}");
        }
    }

    private async Task RevokeAsync(SourceAddresses addresses, int draw)
    {
        var client = Take(draw);
        if (client is null)
        {
            return;
        }

        _finished[client.SessionId] = "session_revoked";
        var result = await LatchkeyCalls.RevokeAsync(addresses[0], _server.SecretKey, client.SessionId);
        if (!result.IsOk)
        {
            Unexpected($"revoke: {(int)result.Status} {result.ErrorCode}");
            return;
        }

        Count("revocation");
        var clock = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            var after = await LatchkeyCalls.MintAsync(addresses[client.Address], client);
            if (after.Status == HttpStatusCode.Unauthorized && after.ErrorCode == "session_revoked")
            {
                Count(attempt == 1 ? "refresh after revocation refused at once (session_revoked)" : "refresh after revocation refused within 2 s (session_revoked)");
                return;
            }

            if (!after.IsOk || clock.Elapsed > RevocationWindow)
            {
                Unexpected($"refresh after revocation ({clock.Elapsed.TotalMilliseconds:F0} ms): {(int)after.Status} {after.ErrorCode}");
                return;
            }

            await Task.Delay(100);
        }
    }

    private SimulatedClient Pick(int draw)
    {
        lock (_pool)
        {
            return _pool[draw % _pool.Count];
        }
    }

    private SimulatedClient? Take(int draw)
    {
        lock (_pool)
        {
            if (_pool.Count < _settings.Clients / 2)
            {
                return null;
            }

            var index = draw % _pool.Count;
            var client = _pool[index];
            _pool[index] = _pool[^1];
            _pool.RemoveAt(_pool.Count - 1);
            return client;
        }
    }

    private void Count(string what) => _counts.AddOrUpdate(what, 1, (_, n) => n + 1);

    private void Unexpected(string what)
    {
        Interlocked.Increment(ref _unexpected);
        if (_errors.Count < 20)
        {
            _errors.Enqueue(what);
        }
    }
}
