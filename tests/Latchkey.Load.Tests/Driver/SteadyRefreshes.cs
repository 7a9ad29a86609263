using System.Collections.Concurrent;
using System.Diagnostics;

namespace Latchkey.Load.Tests.Driver;

/// <summary>
/// Legitimate browsers refreshing their tokens at a steady rate (open loop) until stopped,
/// latencies and failures recorded by phase (e.g. "before", "attack").
/// </summary>
public sealed class SteadyRefreshes
{
    private readonly SourceAddresses _addresses;
    private readonly IReadOnlyList<SimulatedClient> _clients;
    private readonly double _rate;
    private readonly ConcurrentDictionary<string, ConcurrentBag<double>> _latencies = new();
    private readonly ConcurrentDictionary<string, int> _failures = new();
    private readonly ConcurrentQueue<string> _failureSamples = new();
    private volatile string _phase = "before";

    public SteadyRefreshes(SourceAddresses addresses, IReadOnlyList<SimulatedClient> clients, double rate)
    {
        _addresses = addresses;
        _clients = clients;
        _rate = rate;
    }

    public string Phase
    {
        get => _phase;
        set => _phase = value;
    }

    public async Task RunAsync(CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        long issued = 0;
        var running = new List<Task>();
        while (!stop.IsCancellationRequested)
        {
            var due = (long)(clock.Elapsed.TotalSeconds * _rate);
            while (issued < due)
            {
                var client = _clients[(int)(issued++ % _clients.Count)];
                running.Add(OneAsync(client, _phase));
            }

            running.RemoveAll(t => t.IsCompleted);
            await Task.Delay(5, CancellationToken.None);
        }

        await Task.WhenAll(running);
    }

    /// <summary>Successes, failures, p50 and p99 (ms) of a phase.</summary>
    public (int Ok, int Failed, double P50, double P99) Figures(string phase)
    {
        var values = _latencies.GetValueOrDefault(phase)?.ToArray() ?? [];
        return (values.Length, _failures.GetValueOrDefault(phase), Statistics.Percentile(values, 50), Statistics.Percentile(values, 99));
    }

    public IEnumerable<string> FailureSamples => _failureSamples;

    private async Task OneAsync(SimulatedClient client, string phase)
    {
        var result = await LatchkeyCalls.MintAsync(_addresses[client.Address], client);
        if (result.IsOk)
        {
            _latencies.GetOrAdd(phase, _ => []).Add(result.Milliseconds);
        }
        else
        {
            _failures.AddOrUpdate(phase, 1, (_, n) => n + 1);
            if (_failureSamples.Count < 10)
            {
                _failureSamples.Enqueue($"{phase}: {(int)result.Status} {result.ErrorCode}");
            }
        }
    }
}
