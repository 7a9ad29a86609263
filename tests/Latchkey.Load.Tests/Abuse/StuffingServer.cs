using Latchkey.Load.Tests.Driver;

namespace Latchkey.Load.Tests.Abuse;

/// <summary>
/// The budgets of the credential-stuffing tests: the shipped per-IP and per-identifier budgets
/// and lockout threshold, with the window and lockout durations shortened so that a run covers
/// several windows and locks in seconds (long runs: longer windows, more of them).
/// </summary>
internal static class StuffingServer
{
    public const int PerIp = 30;
    public const int PerIdentifier = 10;
    public const int Threshold = 5;

    public static TimeSpan Window => LoadSettings.Long ? TimeSpan.FromSeconds(20) : TimeSpan.FromSeconds(5);

    public static TimeSpan LockoutBase => TimeSpan.FromSeconds(2);

    public static TimeSpan LockoutMax => TimeSpan.FromSeconds(8);

    public static TimeSpan Attack => LoadSettings.Long ? TimeSpan.FromSeconds(90) : TimeSpan.FromSeconds(11);

    public static IReadOnlyList<string> Settings { get; } =
    [
        "Latchkey:RateLimits:Window=" + Window.ToString("c"),
        "Latchkey:RateLimits:CredentialRequestsPerIp=" + PerIp,
        "Latchkey:RateLimits:CredentialAttemptsPerIdentifier=" + PerIdentifier,
        "Latchkey:RateLimits:LockoutThreshold=" + Threshold,
        "Latchkey:RateLimits:LockoutBaseDuration=" + LockoutBase.ToString("c"),
        "Latchkey:RateLimits:LockoutMaximumDuration=" + LockoutMax.ToString("c"),
    ];

    /// <summary>Fixed windows an attack of <paramref name="duration"/> can touch (one more than fit in it).</summary>
    public static int WindowsTouched(TimeSpan duration) => (int)Math.Ceiling(duration / Window) + 1;
}
