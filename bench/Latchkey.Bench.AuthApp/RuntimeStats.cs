using System.Globalization;
using System.Runtime.InteropServices;

namespace Latchkey.Bench.AuthApp;

/// <summary>
/// On-demand runtime counters for diagnosing a slow benchmark window: with <c>--stats FILE</c>,
/// every <c>SIGWINCH</c> sent to the app appends one line to FILE (JIT, GC, thread pool and lock
/// counters, cumulative since start), so a script can take a reading before and after a window
/// without adding an endpoint, a timer or any work to the requests being measured.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class RuntimeStats : IDisposable
{
    private readonly string _path;
    private readonly PosixSignalRegistration _registration;

    public RuntimeStats(string path)
    {
        _path = path;
        File.WriteAllText(_path, Header + "\n");
        _registration = PosixSignalRegistration.Create(PosixSignal.SIGWINCH, context =>
        {
            context.Cancel = true;
            File.AppendAllText(_path, Line() + "\n");
        });
    }

    /// <summary>The column names of <see cref="Line"/>, tab-separated.</summary>
    public const string Header =
        "jit_methods\tjit_ms\tgc0\tgc1\tgc2\tgc_pause_ms\tallocated_bytes\tgen0_budget_bytes\theap_bytes\tthreads\twork_items\tlock_contentions\ttimers";

    private static string Line()
    {
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        var gen0 = info.GenerationInfo.Length > 0 ? info.GenerationInfo[0].SizeAfterBytes : 0;
        return string.Join('\t',
            System.Runtime.JitInfo.GetCompiledMethodCount().ToString(CultureInfo.InvariantCulture),
            System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture),
            GC.CollectionCount(0).ToString(CultureInfo.InvariantCulture),
            GC.CollectionCount(1).ToString(CultureInfo.InvariantCulture),
            GC.CollectionCount(2).ToString(CultureInfo.InvariantCulture),
            GC.GetTotalPauseDuration().TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture),
            GC.GetTotalAllocatedBytes().ToString(CultureInfo.InvariantCulture),
            gen0.ToString(CultureInfo.InvariantCulture),
            info.HeapSizeBytes.ToString(CultureInfo.InvariantCulture),
            ThreadPool.ThreadCount.ToString(CultureInfo.InvariantCulture),
            ThreadPool.CompletedWorkItemCount.ToString(CultureInfo.InvariantCulture),
            Monitor.LockContentionCount.ToString(CultureInfo.InvariantCulture),
            Timer.ActiveCount.ToString(CultureInfo.InvariantCulture));
    }

    public void Dispose() => _registration.Dispose();
}
