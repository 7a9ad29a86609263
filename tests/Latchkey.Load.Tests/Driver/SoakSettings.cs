namespace Latchkey.Load.Tests.Driver;

/// <summary>The shape of one soak run.</summary>
/// <param name="Duration">Length of the steady-rate phase.</param>
/// <param name="Clients">Simulated browsers signed in before the phase starts.</param>
/// <param name="Users">Users they sign in as (several browsers per user, like devices).</param>
/// <param name="Addresses">Loopback source addresses the browsers are spread over.</param>
/// <param name="Slice">Length of one reporting slice (latency percentiles, memory).</param>
/// <param name="CapacityProbe">Length of the closed-loop probe that measures the server's capacity.</param>
/// <param name="RateFraction">The steady rate as a fraction of the measured capacity.</param>
/// <param name="MaxInFlight">Requests the driver keeps in flight at most; beyond that it sheds (and counts) ticks.</param>
/// <param name="SampleInterval">How often the server process is sampled.</param>
/// <param name="MaxShedShare">
/// The largest share of the planned ticks the driver may shed before the soak fails (it did not
/// deliver the steady rate it claims); null when the share is printed but not judged.
/// </param>
public sealed record SoakSettings(
    TimeSpan Duration,
    int Clients,
    int Users,
    int Addresses,
    TimeSpan Slice,
    TimeSpan CapacityProbe,
    double RateFraction,
    int MaxInFlight,
    TimeSpan SampleInterval,
    double? MaxShedShare)
{
    /// <summary>
    /// ~20 s of steady load (the normal test command) or 10 minutes (<c>LATCHKEY_TEST_LONG=1</c>).
    /// Only the long run judges the shed share (at most <see cref="LongRunMaxShedShare"/>): the short
    /// run's 3 s capacity probe and 20 s phase share two cores with the rest of the test command,
    /// where a few seconds of starvation can shed much of a phase; it still prints the share.
    /// </summary>
    public static SoakSettings Current => LoadSettings.Long
        ? new(TimeSpan.FromMinutes(10), 4000, 1000, 16, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), 0.7, 512, TimeSpan.FromSeconds(2), LongRunMaxShedShare)
        : new(TimeSpan.FromSeconds(20), 1000, 250, 8, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(3), 0.7, 256, TimeSpan.FromMilliseconds(500), MaxShedShare: null);

    /// <summary>
    /// A 10-minute soak fails when more than a quarter of its planned ticks were shed: it then
    /// delivered less than 0.75 × 70 % ≈ 53 % of the measured capacity, and its latencies describe
    /// a queue rather than a steady rate. Recorded long runs shed 1.7 % (SQLite) and 19.4 %
    /// (PostgreSQL, quiet machine); the 41 % of a PostgreSQL run on a starved machine fails it, as
    /// it should (docs/reliability.md, Soak).
    /// </summary>
    public const double LongRunMaxShedShare = 0.25;

    /// <summary>
    /// Server settings of a soak: every budget raised far above the load, because the soak
    /// measures capacity and steadiness; the abuse tests keep the shipped budgets.
    /// </summary>
    public static IReadOnlyList<string> ServerSettings { get; } =
    [
        "Latchkey:RateLimits:CredentialRequestsPerIp=1000000",
        "Latchkey:RateLimits:CredentialAttemptsPerIdentifier=1000000",
        "Latchkey:RateLimits:TokenRequestsPerIp=100000000",
        "Latchkey:RateLimits:OtherRequestsPerIp=1000000",
        "Latchkey:RateLimits:BackendRequestsPerIp=1000000",
    ];
}
