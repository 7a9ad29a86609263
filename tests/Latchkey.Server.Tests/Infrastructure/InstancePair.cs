using System.Diagnostics;
using System.Net;

namespace Latchkey.Server.Tests.Infrastructure;

/// <summary>
/// Two server instances on one database, as two processes behind one load balancer: the same
/// public URL (issuer, cookie site) and key file, different listening ports. Browsers talk
/// to either through one cookie jar.
/// </summary>
public sealed class InstancePair : IAsyncDisposable
{
    private readonly TestDatabase _database;

    private InstancePair(TestDatabase database, LatchkeyTestServer a, LatchkeyTestServer b, int portB)
    {
        _database = database;
        A = a;
        B = b;
        PortB = portB;
    }

    public LatchkeyTestServer A { get; }

    public LatchkeyTestServer B { get; }

    public int PortB { get; }

    public static async Task<InstancePair> StartAsync(TestDatabaseKind kind, IDictionary<string, string?>? settings = null)
    {
        var database = await TestDatabase.CreateAsync(kind);
        var port = TestSmtpServer.FreePort();
        var a = await LatchkeyTestServer.StartAsync(kind, settings, database: database, port: port);
        var portB = TestSmtpServer.FreePort();
        var settingsB = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["urls"] = $"http://127.0.0.1:{portB}" };
        var b = await LatchkeyTestServer.StartAsync(kind, settingsB, database: database, port: port);
        return new InstancePair(database, a, b, portB);
    }

    /// <summary>A browser on instance A and the same browser (cookie jar, Origin) on instance B.</summary>
    public (FrontendClient ViaA, FrontendClient ViaB) Browser()
    {
        var jar = new CookieContainer();
        var viaA = A.CreateClient(jar);
        var viaB = new FrontendClient(B, jar, A.Origin);
        viaB.Http.BaseAddress = new Uri($"http://127.0.0.1:{PortB}/");
        return (viaA, viaB);
    }

    /// <summary>Mints through <paramref name="browser"/> until refused; returns the refusal and how long after the start it came.</summary>
    public static async Task<(ApiResponse Response, TimeSpan Elapsed, int Minted)> MintUntilRefusedAsync(FrontendClient browser, string sessionId, TimeSpan timeout, Stopwatch? since = null)
    {
        var watch = since ?? Stopwatch.StartNew();
        var minted = 0;
        while (true)
        {
            var response = await browser.PostAsync($"v1/client/sessions/{sessionId}/tokens");
            if (response.Status != HttpStatusCode.OK)
            {
                return (response, watch.Elapsed, minted);
            }

            minted++;
            if (watch.Elapsed > timeout)
            {
                throw new Xunit.Sdk.XunitException($"Still minting {watch.Elapsed} after the revocation ({minted} tokens).");
            }

            await Task.Delay(5);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        await _database.DisposeAsync();
    }
}
