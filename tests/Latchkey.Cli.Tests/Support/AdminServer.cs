using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Latchkey.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latchkey.Cli.Tests.Support;

/// <summary>
/// A real Latchkey server (development instance, SQLite in a temporary folder) on a free
/// 127.0.0.1 port, for the operator commands: the CLI talks to it over HTTP only.
/// </summary>
public sealed class AdminServer : IAsyncLifetime
{
    private WebApplication? _app;

    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "latchkey-cli-tests", Guid.NewGuid().ToString("N"));

    public int Port { get; } = FreePort();

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>The secret key the server wrote to its key file at first start.</summary>
    public string SecretKey => KeyFile().GetProperty("secret_key").GetString()!;

    public string PublishableKey => KeyFile().GetProperty("publishable_key").GetString()!;

    /// <summary>The environment an operator would set: the key and the URL.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["LATCHKEY_SECRET_KEY"] = SecretKey,
        ["LATCHKEY_API_URL"] = Url,
    };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataFolder);
        string[] args =
        [
            $"--urls={Url}",
            $"--Latchkey:FrontendApiUrl={Url}",
            $"--Latchkey:DataFolder={DataFolder}",
            "--Latchkey:Passwords:Iterations=1000",
            // Long enough that a rotation made by one test is still pending when the next command runs.
            "--Latchkey:SigningKeyRefreshInterval=00:01:00",
            "--Logging:LogLevel:Default=Warning",
        ];
        _app = LatchkeyServerHost.Build(args, builder => builder.Logging.ClearProviders());
        await _app.Services.GetRequiredService<StartupInitializer>().InitializeAsync(CancellationToken.None);
        await _app.StartAsync();
    }

    /// <summary>Calls the Backend API directly (to prepare what a command then reads).</summary>
    public async Task<JsonElement> CallAsync(HttpMethod method, string path, object? body = null)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(method, $"{Url}/v1/{path}");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", SecretKey);
        if (body is not null)
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(body);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private JsonElement KeyFile() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(DataFolder, "latchkey.keys.json"))).RootElement.Clone();

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
