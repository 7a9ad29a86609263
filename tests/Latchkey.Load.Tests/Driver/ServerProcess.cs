using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text.Json;

namespace Latchkey.Load.Tests.Driver;

/// <summary>
/// The real server (src/Latchkey.Server, from its own build output) as a child process on
/// 127.0.0.1 with a free port: a development instance on the given database, extra
/// configuration as command-line settings. Output is drained (the last lines kept for failures).
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _tail = new();

    private ServerProcess(Process process, Uri baseAddress, string dataFolder)
    {
        _process = process;
        BaseAddress = baseAddress;
        DataFolder = dataFolder;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    public string DataFolder { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The instance's secret key, from its key file.</summary>
    public string SecretKey { get; private set; } = string.Empty;

    /// <summary>The last lines the server printed.</summary>
    public string Tail
    {
        get
        {
            lock (_tail)
            {
                return string.Join('\n', _tail);
            }
        }
    }

    /// <summary>
    /// Starts a server and waits until it answers. <paramref name="settings"/> are
    /// <c>Section:Key=value</c> pairs (e.g. <c>Latchkey:RateLimits:Window=00:00:10</c>).
    /// </summary>
    public static async Task<ServerProcess> StartAsync(LoadDatabase database, IEnumerable<string>? settings = null, string? dataFolder = null, int? port = null)
    {
        var folder = dataFolder ?? database.DataFolder;
        var chosenPort = port ?? FreePort();
        var url = $"http://127.0.0.1:{chosenPort}";
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ServerDll());
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_gcServer"] = "0";
        var all = new List<string>
        {
            "urls=" + url,
            "Latchkey:FrontendApiUrl=" + url,
            "Latchkey:DataFolder=" + folder,
            "Latchkey:Passwords:Iterations=1000",
            "Logging:LogLevel:Default=Warning",
        };
        if (database.ConnectionString is not null)
        {
            all.Add("Latchkey:Database:ConnectionString=" + database.ConnectionString);
        }

        all.AddRange(settings ?? []);
        foreach (var setting in all)
        {
            info.ArgumentList.Add("--" + setting);
        }

        var server = new ServerProcess(Process.Start(info)!, new Uri(url + "/"), folder);
        try
        {
            await server.WaitUntilReadyAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Latchkey.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }

    private static string ServerDll()
    {
        var configuration = typeof(ServerProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var path = Path.Combine(RepositoryRoot(), "src", "Latchkey.Server", "bin", configuration, "net10.0", "Latchkey.Server.dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing; build src/Latchkey.Server ({configuration}) first.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        var keyFile = Path.Combine(DataFolder, "latchkey.keys.json");
        TimeSpan? answered = null;
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            // A second instance on an existing database may write no key file: it is ready once it answers.
            if (answered is { } first && deadline.Elapsed - first > TimeSpan.FromSeconds(2))
            {
                return;
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {_process.ExitCode}:\n{Tail}");
            }

            try
            {
                using var response = await http.GetAsync("v1/environment");
                if (response.IsSuccessStatusCode)
                {
                    answered ??= deadline.Elapsed;
                }

                if (response.IsSuccessStatusCode && File.Exists(keyFile))
                {
                    using var keys = JsonDocument.Parse(await File.ReadAllTextAsync(keyFile));
                    SecretKey = keys.RootElement.GetProperty("secret_key").GetString()!;
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The server did not answer within 90 s:\n{Tail}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_tail)
        {
            _tail.Enqueue(line);
            while (_tail.Count > 200)
            {
                _tail.Dequeue();
            }
        }
    }
}
