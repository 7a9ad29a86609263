using System.Diagnostics;
using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace Latchkey.Load.Tests.Driver;

/// <summary>One sample of the server process.</summary>
/// <param name="Seconds">Since the sampler started.</param>
/// <param name="RssMegabytes">Resident set size (<c>VmRSS</c> of /proc/&lt;pid&gt;/status).</param>
/// <param name="GcHeapMegabytes">The runtime's <c>gc-heap-size</c> counter (EventPipe, System.Runtime); NaN before the first counter arrived.</param>
/// <param name="Handles">Open file descriptors (entries of /proc/&lt;pid&gt;/fd): files, sockets, pipes, event handles.</param>
/// <param name="Threads">Threads of the process.</param>
/// <param name="Sockets">Of <paramref name="Handles"/>, the sockets (client connections, database connections, the listener).</param>
/// <param name="Modules">Of <paramref name="Handles"/>, the assemblies and native libraries the runtime keeps open (<c>.dll</c>, <c>.so</c>): bounded by the deployment, they grow as code paths first run.</param>
public readonly record struct ProcessSample(double Seconds, double RssMegabytes, double GcHeapMegabytes, int Handles, int Threads, int Sockets, int Modules)
{
    /// <summary>Descriptors other than sockets and modules: database files, pipes, epoll and event handles; these must not grow.</summary>
    public int OtherHandles => Handles - Sockets - Modules;
}

/// <summary>
/// Samples another .NET process from outside: RSS, threads and handles from /proc, the GC heap
/// from the runtime's own counters over EventPipe (what <c>dotnet-counters</c> reads).
/// </summary>
public sealed class ProcessSampler : IAsyncDisposable
{
    private readonly int _pid;
    private readonly TimeSpan _interval;
    private readonly List<ProcessSample> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly EventPipeSession? _session;
    private readonly Task _counters;
    private readonly Task _loop;
    private double _gcHeap = double.NaN;

    public ProcessSampler(int pid, TimeSpan interval)
    {
        _pid = pid;
        _interval = interval;
        try
        {
            var providers = new[]
            {
                new EventPipeProvider("System.Runtime", EventLevel.Informational, 0, new Dictionary<string, string> { ["EventCounterIntervalSec"] = "1" }),
            };
            _session = new DiagnosticsClient(pid).StartEventPipeSession(providers, requestRundown: false);
            _counters = Task.Run(ReadCounters);
        }
        catch (Exception e) when (e is ServerNotAvailableException or UnsupportedCommandException or TimeoutException or IOException)
        {
            CounterError = e.Message;
            _counters = Task.CompletedTask;
        }

        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Why the GC counters could not be read, if they could not.</summary>
    public string? CounterError { get; private set; }

    public IReadOnlyList<ProcessSample> Samples
    {
        get
        {
            lock (_samples)
            {
                return [.. _samples];
            }
        }
    }

    public static ProcessSample? Read(int pid, double seconds, double gcHeap)
    {
        try
        {
            double rss = 0;
            var threads = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
                }
                else if (line.StartsWith("Threads:", StringComparison.Ordinal))
                {
                    threads = int.Parse(line.Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries)[1]);
                }
            }

            var targets = Directory.GetFileSystemEntries($"/proc/{pid}/fd").Select(Target).ToArray();
            var sockets = targets.Count(t => t.StartsWith("socket:", StringComparison.Ordinal));
            var modules = targets.Count(t => t.EndsWith(".dll", StringComparison.Ordinal) || t.Contains(".so", StringComparison.Ordinal));
            return new ProcessSample(seconds, rss, gcHeap, targets.Length, threads, sockets, modules);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Target(string fd)
    {
        try
        {
            return new FileInfo(fd).LinkTarget ?? string.Empty;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            _session?.Stop();
        }
        catch (Exception e) when (e is ServerNotAvailableException or IOException or TimeoutException)
        {
        }

        await Task.WhenAny(Task.WhenAll(_loop, _counters), Task.Delay(TimeSpan.FromSeconds(5)));
        _session?.Dispose();
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            if (Read(_pid, _clock.Elapsed.TotalSeconds, Volatile.Read(ref _gcHeap)) is { } sample)
            {
                lock (_samples)
                {
                    _samples.Add(sample);
                }
            }

            try
            {
                await Task.Delay(_interval, _stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private void ReadCounters()
    {
        try
        {
            using var source = new EventPipeEventSource(_session!.EventStream);
            source.Dynamic.All += e =>
            {
                if (e.EventName != "EventCounters" || e.PayloadValue(0) is not IDictionary<string, object> outer
                    || outer["Payload"] is not IDictionary<string, object> payload || payload["Name"] as string != "gc-heap-size")
                {
                    return;
                }

                Volatile.Write(ref _gcHeap, Convert.ToDouble(payload["Mean"], System.Globalization.CultureInfo.InvariantCulture));
            };
            source.Process();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            CounterError ??= e.Message;
        }
    }
}
