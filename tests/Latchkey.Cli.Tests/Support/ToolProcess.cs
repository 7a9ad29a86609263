using System.Diagnostics;

namespace Latchkey.Cli.Tests.Support;

/// <summary>Runs the built tool (latchkey.dll beside the tests) as a separate process.</summary>
internal static class ToolProcess
{
    public static Task<CliRun> RunAsync(string? stdin, string? workingDirectory, params string[] args) =>
        RunAsync(stdin, workingDirectory, environment: null, args);

    /// <summary>Runs with extra environment variables set for the child process.</summary>
    public static async Task<CliRun> RunAsync(string? stdin, string? workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        string tool = Path.Combine(AppContext.BaseDirectory, "latchkey.dll");
        Assert.True(File.Exists(tool), $"the built tool is missing: {tool}");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(tool);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }
}
