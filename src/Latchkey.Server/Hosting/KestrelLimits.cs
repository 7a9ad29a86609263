using System.Globalization;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Latchkey.Server.Hosting;

/// <summary>
/// The Kestrel limits the server runs with, each chosen rather than inherited (docs/server.md,
/// "Kestrel limits"), and overridable under <c>Kestrel:Limits:&lt;Name&gt;</c> (data rates as
/// <c>Kestrel:Limits:MinRequestBodyDataRate:BytesPerSecond</c> / <c>GracePeriod</c>).
/// </summary>
internal static class KestrelLimits
{
    /// <summary>Open connections at once, idle ones included; each costs a file descriptor. Kestrel's default: unlimited.</summary>
    public const long MaxConcurrentConnections = 10_000;

    /// <summary>Upgraded (WebSocket) connections; the server offers no upgrade. Kestrel's default: unlimited.</summary>
    public const long MaxConcurrentUpgradedConnections = 100;

    /// <summary>All request headers together, cookies included (431 beyond). Kestrel's default: 32 KiB.</summary>
    public const int MaxRequestHeadersTotalSize = 32 * 1024;

    /// <summary>Header fields per request (431 beyond). Kestrel's default: 100.</summary>
    public const int MaxRequestHeaderCount = 100;

    /// <summary>Request line: method, target and version (414 beyond). Kestrel's default: 8 KiB.</summary>
    public const int MaxRequestLineSize = 8 * 1024;

    /// <summary>A connection with no request in progress is closed after this. Kestrel's default: 130 s.</summary>
    public static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Time to receive a request's headers once it began (a slowloris is cut off after this). Kestrel's default: 30 s.</summary>
    public static readonly TimeSpan RequestHeadersTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Slowest accepted request body, after a grace period. Kestrel's default: 240 B/s after 5 s.</summary>
    public static readonly MinDataRate MinRequestBodyDataRate = new(240, TimeSpan.FromSeconds(5));

    /// <summary>Slowest accepted reader of a response, after a grace period. Kestrel's default: 240 B/s after 5 s.</summary>
    public static readonly MinDataRate MinResponseDataRate = new(240, TimeSpan.FromSeconds(5));

    /// <summary>
    /// Applies the limits, then any override from <paramref name="section"/>. The body size limit
    /// is <paramref name="maxRequestBodyBytes"/> (<c>Latchkey:MaxRequestBodyBytes</c>) for every
    /// request, so no endpoint can be fed more than the API's own readers accept.
    /// </summary>
    public static void Apply(KestrelServerLimits limits, IConfiguration section, long maxRequestBodyBytes)
    {
        limits.MaxConcurrentConnections = Long(section, nameof(limits.MaxConcurrentConnections)) ?? MaxConcurrentConnections;
        limits.MaxConcurrentUpgradedConnections = Long(section, nameof(limits.MaxConcurrentUpgradedConnections)) ?? MaxConcurrentUpgradedConnections;
        limits.MaxRequestHeadersTotalSize = (int)(Long(section, nameof(limits.MaxRequestHeadersTotalSize)) ?? MaxRequestHeadersTotalSize);
        limits.MaxRequestHeaderCount = (int)(Long(section, nameof(limits.MaxRequestHeaderCount)) ?? MaxRequestHeaderCount);
        limits.MaxRequestLineSize = (int)(Long(section, nameof(limits.MaxRequestLineSize)) ?? MaxRequestLineSize);
        limits.MaxRequestBodySize = Long(section, nameof(limits.MaxRequestBodySize)) ?? maxRequestBodyBytes;
        limits.KeepAliveTimeout = Time(section, nameof(limits.KeepAliveTimeout)) ?? KeepAliveTimeout;
        limits.RequestHeadersTimeout = Time(section, nameof(limits.RequestHeadersTimeout)) ?? RequestHeadersTimeout;
        limits.MinRequestBodyDataRate = Rate(section.GetSection(nameof(limits.MinRequestBodyDataRate)), MinRequestBodyDataRate);
        limits.MinResponseDataRate = Rate(section.GetSection(nameof(limits.MinResponseDataRate)), MinResponseDataRate);
    }

    /// <summary>What is wrong with the overrides under <paramref name="section"/> (empty when they are usable), each with the fix.</summary>
    public static IReadOnlyList<string> Validate(IConfiguration section)
    {
        var errors = new List<string>();
        foreach (var key in new[] { "MaxConcurrentConnections", "MaxConcurrentUpgradedConnections", "MaxRequestHeadersTotalSize", "MaxRequestHeaderCount", "MaxRequestLineSize", "MaxRequestBodySize", "MinRequestBodyDataRate:BytesPerSecond", "MinResponseDataRate:BytesPerSecond" })
        {
            if (section[key] is { Length: > 0 } text && (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1 || (key.Contains("Header", StringComparison.Ordinal) || key.Contains("Line", StringComparison.Ordinal)) && value > int.MaxValue))
            {
                errors.Add($"Kestrel:Limits:{key} is '{text}'; set a whole number of at least 1.");
            }
        }

        foreach (var key in new[] { "KeepAliveTimeout", "RequestHeadersTimeout", "MinRequestBodyDataRate:GracePeriod", "MinResponseDataRate:GracePeriod" })
        {
            if (section[key] is { Length: > 0 } text && (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) || value <= TimeSpan.Zero
                || (key.EndsWith("GracePeriod", StringComparison.Ordinal) && value <= TimeSpan.FromSeconds(1))))
            {
                errors.Add($"Kestrel:Limits:{key} is '{text}'; set a positive duration as hh:mm:ss (grace periods above 1 second).");
            }
        }

        return errors;
    }

    private static long? Long(IConfiguration section, string key) =>
        section[key] is { Length: > 0 } text ? long.Parse(text, CultureInfo.InvariantCulture) : null;

    private static TimeSpan? Time(IConfiguration section, string key) =>
        section[key] is { Length: > 0 } text ? TimeSpan.Parse(text, CultureInfo.InvariantCulture) : null;

    private static MinDataRate Rate(IConfiguration section, MinDataRate fallback) =>
        new(Long(section, nameof(MinDataRate.BytesPerSecond)) ?? (long)fallback.BytesPerSecond, Time(section, nameof(MinDataRate.GracePeriod)) ?? fallback.GracePeriod);
}
