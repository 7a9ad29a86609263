using System.Text;
using Latchkey.Cli.Infrastructure;

namespace Latchkey.Cli.Tests.Support;

/// <summary>Runs the tool in-process through its real entry point with captured streams.</summary>
internal static class Tool
{
    /// <summary>Runs with standard input attached to a terminal (nothing piped).</summary>
    public static Task<CliRun> RunAsync(params string[] args) => RunCoreAsync(args, stdin: null, clock: null, httpTimeout: null);

    /// <summary>Runs with <paramref name="stdin"/> piped in.</summary>
    public static Task<CliRun> RunWithStdinAsync(string stdin, params string[] args) =>
        RunCoreAsync(args, Encoding.UTF8.GetBytes(stdin), clock: null, httpTimeout: null);

    /// <summary>Runs with raw bytes piped in.</summary>
    public static Task<CliRun> RunWithStdinAsync(byte[] stdin, params string[] args) => RunCoreAsync(args, stdin, clock: null, httpTimeout: null);

    /// <summary>Runs with a given clock (for runs without --now) and HTTP time-out.</summary>
    public static Task<CliRun> RunAsync(TimeProvider? clock, TimeSpan? httpTimeout, params string[] args) => RunCoreAsync(args, stdin: null, clock, httpTimeout);

    /// <summary>Runs with these environment variables (and no others) and optionally something piped in.</summary>
    public static Task<CliRun> RunWithEnvironmentAsync(IReadOnlyDictionary<string, string> environment, string? stdin, params string[] args) =>
        RunCoreAsync(args, stdin is null ? null : Encoding.UTF8.GetBytes(stdin), clock: null, httpTimeout: null, environment);

    private static async Task<CliRun> RunCoreAsync(string[] args, byte[]? stdin, TimeProvider? clock, TimeSpan? httpTimeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var context = new CliContext(
            output,
            error,
            () => stdin is null ? Stream.Null : new MemoryStream(stdin, writable: false),
            isInputRedirected: stdin is not null,
            clock)
        {
            HttpTimeout = httpTimeout ?? CliContext.DefaultHttpTimeout,
            // Hermetic: a LATCHKEY_SECRET_KEY on the developer's machine never leaks into a test.
            GetEnvironmentVariable = name => environment?.GetValueOrDefault(name),
        };
        int exitCode = await CliApplication.RunAsync(args, context);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}
