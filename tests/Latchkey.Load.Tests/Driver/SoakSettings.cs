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
public sealed record SoakSettings(
    TimeSpan Duration,
    int Clients,
    int Users,
    int Addresses,
    TimeSpan Slice,
    TimeSpan CapacityProbe,
    double RateFraction,
    int MaxInFlight,
    TimeSpan SampleInterval)
{
    /// <summary>~20 s of steady load (the normal test command) or 10 minutes (<c>LATCHKEY_TEST_LONG=1</c>).</summary>
    public static SoakSettings Current => LoadSettings.Long
        ? new(TimeSpan.FromMinutes(10), 4000, 1000, 16, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), 0.7, 512, TimeSpan.FromSeconds(2))
        : new(TimeSpan.FromSeconds(20), 1000, 250, 8, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(3), 0.7, 256, TimeSpan.FromMilliseconds(500));

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
