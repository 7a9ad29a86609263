namespace Latchkey.Server.Hosting;

/// <summary>
/// ASP.NET Core's hosting layer starts an <see cref="System.Diagnostics.Activity"/> and a logging
/// scope for every request whenever its logger category
/// (<c>Microsoft.AspNetCore.Hosting.Diagnostics</c>) is enabled at any level, even when nothing
/// reads them: the default <c>Warning</c> for <c>Microsoft.AspNetCore</c> is enough. Both live in
/// async-local state, which every await of the request then carries; on the token endpoint that
/// was about 3% of the server's CPU (perf, bench/run-server-bench.sh's setup). That category logs requests at
/// <c>Information</c> and otherwise only a few start-up messages, so when request logs are off
/// anyway it is switched off entirely. A tracing listener (OpenTelemetry) still gets its activity:
/// hosting creates one for any <see cref="System.Diagnostics.ActivitySource"/> listener.
/// Setting <c>Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics</c> explicitly keeps
/// whatever level it names.
/// </summary>
internal static class RequestDiagnostics
{
    public const string Category = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static void Configure(WebApplicationBuilder builder)
    {
        if (RequestLogsOff(builder.Configuration))
        {
            builder.Logging.AddFilter(Category, LogLevel.None);
        }
    }

    /// <summary>
    /// True when the category has no level of its own and the nearest configured prefix
    /// (<c>Microsoft.AspNetCore.Hosting</c>, <c>Microsoft.AspNetCore</c>, <c>Microsoft</c>,
    /// <c>Default</c>) sets it above <c>Information</c>, so that no request would be logged.
    /// </summary>
    internal static bool RequestLogsOff(IConfiguration configuration)
    {
        var levels = configuration.GetSection("Logging:LogLevel");
        if (levels[Category] is not null)
        {
            return false;
        }

        foreach (var prefix in (string[])["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore", "Microsoft", "Default"])
        {
            if (levels[prefix] is { } value)
            {
                return Enum.TryParse<LogLevel>(value, ignoreCase: true, out var level) && level > LogLevel.Information;
            }
        }

        return false;
    }
}
