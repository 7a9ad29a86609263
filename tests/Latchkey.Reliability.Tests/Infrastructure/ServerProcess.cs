using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Latchkey.Reliability.Tests.Infrastructure;

/// <summary>
/// The real server (<c>src/Latchkey.Server</c>, as built) in a child process on a free
/// 127.0.0.1 port, with its own data folder and either that folder's SQLite file or a
/// PostgreSQL connection string. It can be killed with SIGKILL and started again on the same
/// port and database. Its console goes to <c>server.log</c> in the data folder.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _settings;
    private Process? _process;

    public ServerProcess(string dataFolder, string? postgresConnectionString, IDictionary<string, string?>? settings = null)
    {
        DataFolder = dataFolder;
        Directory.CreateDirectory(dataFolder);
        Port = FreePort();
        _settings = new Dictionary<string, string?>
        {
            ["urls"] = Origin,
            ["Latchkey:FrontendApiUrl"] = Origin,
            ["Latchkey:DataFolder"] = dataFolder,
            ["Latchkey:Database:ConnectionString"] = postgresConnectionString,
            ["Latchkey:Passwords:Iterations"] = "1000",
            ["Latchkey:RateLimits:CredentialRequestsPerIp"] = "100000",
            ["Latchkey:RateLimits:CredentialAttemptsPerIdentifier"] = "100000",
            ["Latchkey:RateLimits:OtherRequestsPerIp"] = "1000000",
            ["Latchkey:RateLimits:TokenRequestsPerIp"] = "1000000",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string DataFolder { get; }

    public int Port { get; }

    public string Origin => $"http://127.0.0.1:{Port}";

    public Uri BaseAddress => new(Origin + "/");

    /// <summary>Whether the child process is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The secret key the instance wrote to its key file at first start.</summary>
    public string SecretKey => ReadKeyFile().GetProperty("secret_key").GetString()!;

    /// <summary>The publishable key from the instance's key file.</summary>
    public string PublishableKey => ReadKeyFile().GetProperty("publishable_key").GetString()!;

    /// <summary>Starts the server and waits until it answers; returns how long that took.</summary>
    public async Task<TimeSpan> StartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("The server is already running.");
        }

        var watch = Stopwatch.StartNew();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = DataFolder,
        };
        info.ArgumentList.Add(ServerAssembly());
        foreach (var (key, value) in _settings.Where(s => s.Value is not null))
        {
            info.ArgumentList.Add($"--{key}={value}");
        }

        info.Environment["DOTNET_gcServer"] = "0";
        var log = Path.Combine(DataFolder, "server.log");
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {process.ExitCode} at start: {Tail(log)}");
            }

            try
            {
                using var response = await http.GetAsync(Origin + "/.well-known/jwks.json");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return watch.Elapsed;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The server did not answer within 60 s: " + Tail(log));
    }

    /// <summary>SIGKILL: no shutdown hook, no flush, no disposal runs.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: false);
            process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    public string Log() => Tail(Path.Combine(DataFolder, "server.log"));

    public ValueTask DisposeAsync()
    {
        Kill();
        return ValueTask.CompletedTask;
    }

    private JsonElement ReadKeyFile() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(DataFolder, "latchkey.keys.json"))).RootElement.Clone();

    private static void Append(string path, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (typeof(ServerProcess))
        {
            File.AppendAllText(path, line + "\n");
        }
    }

    private static string Tail(string path)
    {
        if (!File.Exists(path))
        {
            return "(no output)";
        }

        var text = File.ReadAllText(path);
        return text.Length <= 4000 ? text : text[^4000..];
    }

    /// <summary>The server as built beside this test project (same configuration).</summary>
    private static string ServerAssembly()
    {
        // .../tests/Latchkey.Reliability.Tests/bin/<Configuration>/<tfm>/
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var path = Path.Combine(RepositoryRoot(), "src", "Latchkey.Server", "bin", configuration, framework, "Latchkey.Server.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build src/Latchkey.Server first.", path);
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

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public override string ToString() => Origin.ToString(CultureInfo.InvariantCulture);
}
