using Latchkey.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Server.Tests.Infrastructure;

/// <summary>
/// A real Latchkey server on Kestrel at a free 127.0.0.1 port (not the in-memory test server),
/// with its own database, a test SMTP server and optionally a fake clock.
/// </summary>
public sealed class LatchkeyTestServer : IAsyncDisposable
{
    private readonly TestDatabase _database;
    private readonly bool _ownsDatabase;

    private LatchkeyTestServer(WebApplication app, TestDatabase database, bool ownsDatabase, TestSmtpServer smtp, int port, FakeTimeProvider? time)
    {
        App = app;
        _database = database;
        _ownsDatabase = ownsDatabase;
        Smtp = smtp;
        Port = port;
        Time = time;
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    public TestSmtpServer Smtp { get; }

    public int Port { get; }

    public FakeTimeProvider? Time { get; }

    public TestDatabase Database => _database;

    /// <summary>The server's origin, e.g. <c>http://127.0.0.1:41234</c> (also its FrontendApiUrl).</summary>
    public string Origin => $"http://127.0.0.1:{Port}";

    public Uri BaseAddress => new(Origin + "/");

    /// <summary>
    /// The settings of a production instance at <c>https://auth.example.com</c> for the app
    /// <c>https://app.example.com</c> (cookie domain <c>example.com</c>), with a fresh KEK in an
    /// environment variable of its own.
    /// </summary>
    public static Dictionary<string, string?> ProductionSettings()
    {
        var kek = "LATCHKEY_TEST_KEK_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(kek, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        return new Dictionary<string, string?>
        {
            ["Latchkey:InstanceType"] = "Production",
            ["Latchkey:FrontendApiUrl"] = "https://auth.example.com",
            ["Latchkey:CookieDomain"] = "example.com",
            ["Latchkey:AllowedOrigins:0"] = "https://app.example.com",
            ["Latchkey:KeyEncryption:EnvironmentVariable"] = kek,
            ["Latchkey:Passwords:Iterations"] = "600000",
        };
    }

    public static async Task<LatchkeyTestServer> StartAsync(
        TestDatabaseKind kind,
        IDictionary<string, string?>? settings = null,
        FakeTimeProvider? time = null,
        TestDatabase? database = null,
        int? port = null)
    {
        var ownsDatabase = database is null;
        database ??= await TestDatabase.CreateAsync(kind);
        var smtp = TestSmtpServer.Start();
        port ??= TestSmtpServer.FreePort();
        var values = new Dictionary<string, string?>
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["Latchkey:FrontendApiUrl"] = $"http://127.0.0.1:{port}",
            ["Latchkey:DataFolder"] = database.DataFolder,
            ["Latchkey:Database:ConnectionString"] = database.ConnectionString,
            ["Latchkey:Passwords:Iterations"] = "1000",
            ["Latchkey:Smtp:Host"] = "127.0.0.1",
            ["Latchkey:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Latchkey:Smtp:Security"] = "None",
            ["Latchkey:RateLimits:CredentialRequestsPerIp"] = "10000",
            ["Latchkey:RateLimits:CredentialAttemptsPerIdentifier"] = "10000",
            ["Latchkey:RateLimits:OtherRequestsPerIp"] = "100000",
            ["Latchkey:RateLimits:TokenRequestsPerIp"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var args = values.Where(v => v.Value is not null).Select(v => $"--{v.Key}={v.Value}").ToArray();
        var app = LatchkeyServerHost.Build(args, builder =>
        {
            builder.Logging.ClearProviders();
            if (time is not null)
            {
                builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time));
            }
        });
        try
        {
            await app.Services.GetRequiredService<StartupInitializer>().InitializeAsync(CancellationToken.None);
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            await smtp.DisposeAsync();
            if (ownsDatabase)
            {
                await database.DisposeAsync();
            }

            throw;
        }

        return new LatchkeyTestServer(app, database, ownsDatabase, smtp, port.Value, time);
    }

    /// <summary>A browser-like client: a cookie jar shared across ports of 127.0.0.1, no automatic redirects.</summary>
    public FrontendClient CreateClient(System.Net.CookieContainer? cookies = null, string? origin = null) =>
        new(this, cookies ?? new System.Net.CookieContainer(), origin ?? Origin);

    /// <summary>A Backend API caller with the instance key file's secret key (or <paramref name="secretKey"/>).</summary>
    public BackendClient CreateBackend(string? secretKey = null) => new(this, secretKey ?? KeyFile.SecretKey(this));

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await Smtp.DisposeAsync();
        if (_ownsDatabase)
        {
            await _database.DisposeAsync();
        }
    }
}
