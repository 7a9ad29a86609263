using BenchmarkDotNet.Attributes;
using Latchkey.AspNetCore.Revocation;

namespace Latchkey.Bench;

/// <summary>
/// The check the request classifier adds to every signed-in request when the revocation feed is
/// followed: a lookup of the token's sid in the revoked set. Empty set (the common case), a set
/// of 100,000 revoked sessions missed (token accepted) and hit (token refused).
/// Run: <c>bench/run-token-bench.sh revocation</c>.
/// </summary>
[MemoryDiagnoser]
public class RevocationLookupBenchmarks
{
    private RevokedSessionSet _empty = null!;
    private RevokedSessionSet _full = null!;
    private string _revoked = null!;
    private string _active = null!;

    [GlobalSetup]
    public void Setup()
    {
        var until = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds();
        _empty = new RevokedSessionSet(100_000, TimeProvider.System);
        _full = new RevokedSessionSet(100_000, TimeProvider.System);
        for (var i = 0; i < 100_000; i++)
        {
            _full.Add($"sess_{i:D27}", until);
        }

        // Fresh string instances, as a sid parsed from a token would be.
        _revoked = string.Concat("sess_", 4242.ToString("D27", System.Globalization.CultureInfo.InvariantCulture));
        _active = string.Concat("sess_", "2x9ActiveSessionNotRevoked0");
    }

    [Benchmark(Baseline = true)]
    public bool EmptySet() => _empty.Contains(_active);

    [Benchmark]
    public bool FullSetAccepted() => _full.Contains(_active);

    [Benchmark]
    public bool FullSetRefused() => _full.Contains(_revoked);
}
