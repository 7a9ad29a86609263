using System.Diagnostics;
using System.Net;
using System.Text;
using Latchkey.Load.Tests.Driver;
using Xunit.Abstractions;

namespace Latchkey.Load.Tests.Abuse;

/// <summary>
/// Oversized requests, slow clients and connection floods against the real server: each is
/// refused or cut off by a Kestrel limit the server sets (src/Latchkey.Server/Hosting/KestrelLimits.cs),
/// and a legitimate browser is served before and after. The timeouts are shortened through
/// configuration (<c>Kestrel:Limits:*</c>) so the tests take seconds, which also proves the
/// overrides work.
/// </summary>
[Collection(LoadCollection.Name)]
public sealed class KestrelLimitTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int FloodLimit = 200;
    private static readonly TimeSpan HeadersTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(3);
    private LoadDatabase _database = null!;
    private ServerProcess _server = null!;
    private SimulatedClient _browser = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _database = await LoadDatabase.CreateAsync(LoadProvider.Sqlite);
        _server = await ServerProcess.StartAsync(_database,
        [
            "Kestrel:Limits:RequestHeadersTimeout=00:00:02",
            "Kestrel:Limits:KeepAliveTimeout=00:00:03",
            "Kestrel:Limits:MaxConcurrentConnections=" + FloodLimit,
            "Kestrel:Limits:MinRequestBodyDataRate:BytesPerSecond=240",
            "Kestrel:Limits:MinRequestBodyDataRate:GracePeriod=00:00:02",
        ]);
        _http = new HttpClient(SourceAddresses.Handler(IPAddress.Parse("127.0.40.1"), 4)) { BaseAddress = _server.BaseAddress };
        var email = $"limits-{Guid.NewGuid():N}@example.com";
        Assert.True((await LatchkeyCalls.CreateUserAsync(_http, _server.SecretKey, email)).IsOk);
        _browser = (await LatchkeyCalls.SignInAsync(_http, 0, email)).Client!;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Request_OversizedHeadersCookieOrLine_RefusedBeforeTheApp()
    {
        var cookie = new string('a', 40 * 1024);
        var manyHeaders = string.Concat(Enumerable.Range(0, 101).Select(i => $"X-H{i}: v\r\n"));
        var cases = new Dictionary<string, (string Request, int Expected)>
        {
            ["40 KiB cookie"] = ($"GET /v1/environment HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: __client={cookie}\r\n\r\n", 431),
            ["40 headers of 1 KiB"] = ("GET /v1/environment HTTP/1.1\r\nHost: 127.0.0.1\r\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"X-H{i}: {new string('b', 1024)}\r\n")) + "\r\n", 431),
            ["101 header fields"] = ("GET /v1/environment HTTP/1.1\r\nHost: 127.0.0.1\r\n" + manyHeaders + "\r\n", 431),
            ["9 KiB request line"] = ($"GET /v1/environment?x={new string('c', 9 * 1024)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 414),
        };

        foreach (var (name, (request, expected)) in cases)
        {
            using var connection = await RawConnection.OpenAsync(_server.BaseAddress, IPAddress.Parse("127.0.41.1"));
            var status = await connection.RequestStatusAsync(request, TimeSpan.FromSeconds(5));
            output.WriteLine($"{name}: {status}");
            Assert.Equal(expected, status);
        }

        Assert.True((await LatchkeyCalls.MintAsync(_http, _browser)).IsOk);
    }

    [Fact]
    public async Task Request_OversizedBody_Answers413WhetherLengthIsDeclaredOrChunked()
    {
        var big = "identifier=" + new string('d', 100 * 1024);
        using var declared = LatchkeyCalls.FrontendPost("v1/client/sign_ins", null, null);
        declared.Content = new StringContent(big, Encoding.ASCII, "application/x-www-form-urlencoded");
        var declaredResult = await LatchkeyCalls.SendAsync(_http, declared);

        using var chunked = LatchkeyCalls.FrontendPost("v1/client/sign_ins", null, null);
        chunked.Content = new StreamContent(new MemoryStream(Encoding.ASCII.GetBytes(big)));
        chunked.Content.Headers.ContentType = new("application/x-www-form-urlencoded");
        chunked.Headers.TransferEncodingChunked = true;
        var chunkedResult = await LatchkeyCalls.SendAsync(_http, chunked);

        output.WriteLine($"100 KiB declared: {(int)declaredResult.Status} {declaredResult.ErrorCode}; chunked: {(int)chunkedResult.Status} {chunkedResult.ErrorCode}");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declaredResult.Status);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunkedResult.Status);
        Assert.True((await LatchkeyCalls.MintAsync(_http, _browser)).IsOk);
    }

    [Fact]
    public async Task SlowClients_TrickledHeadersAndBodies_CutOffWhileBrowsersAreServed()
    {
        var count = LoadSettings.Long ? 150 : 40;
        var clock = Stopwatch.StartNew();
        var headerTrickles = Enumerable.Range(0, count).Select(i => TrickleAsync(i, body: false)).ToArray();
        var bodyTrickles = Enumerable.Range(0, count / 4).Select(i => TrickleAsync(i, body: true)).ToArray();

        var served = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(3))
        {
            served += (await LatchkeyCalls.MintAsync(_http, _browser)).IsOk ? 1 : 0;
            await Task.Delay(100);
        }

        var headerCutOffs = await Task.WhenAll(headerTrickles);
        var bodyCutOffs = await Task.WhenAll(bodyTrickles);
        output.WriteLine($"{count} header trickles (1 byte / 200 ms): cut off after {headerCutOffs.Min():F1}–{headerCutOffs.Max():F1} s (RequestHeadersTimeout {HeadersTimeout.TotalSeconds} s)");
        output.WriteLine($"{bodyCutOffs.Length} body trickles (10 B / 200 ms of a 10,000-byte sign-in body): cut off after {bodyCutOffs.Min():F1}–{bodyCutOffs.Max():F1} s (240 B/s after a 2 s grace)");
        output.WriteLine($"browser refreshes meanwhile: {served} answered 200");
        // Kestrel checks timeouts on a 1 s heartbeat; the rest is slack for a busy shared machine.
        Assert.All(headerCutOffs, s => Assert.InRange(s, HeadersTimeout.TotalSeconds - 0.5, HeadersTimeout.TotalSeconds + 5));
        Assert.All(bodyCutOffs, s => Assert.InRange(s, 1.5, 9));
        Assert.True(served >= 10, $"only {served} refreshes were served during the trickles");
    }

    [Fact]
    public async Task ConnectionFlood_BeyondMaxConcurrentConnections_ExtraClosedIdleReapedServerRecovers()
    {
        var flood = LoadSettings.Long ? FloodLimit * 3 : FloodLimit + 100;
        var baseline = ProcessSampler.Read(_server.ProcessId, 0, double.NaN)!.Value.Handles;
        var connections = new List<RawConnection>();
        for (var i = 0; i < flood; i++)
        {
            connections.Add(await RawConnection.OpenAsync(_server.BaseAddress, new IPAddress([127, 0, 42, (byte)(1 + (i % 200))])));
        }

        await Task.Delay(500);
        var during = ProcessSampler.Read(_server.ProcessId, 0, double.NaN)!.Value.Handles;
        var closedAtOnce = (await Task.WhenAll(connections.Select(c => c.ReadUntilClosedAsync(TimeSpan.FromMilliseconds(300))))).Count(r => r.Closed);
        var clock = Stopwatch.StartNew();
        var reaped = await Task.WhenAll(connections.Select(async c =>
        {
            var (_, closed) = await c.ReadUntilClosedAsync(KeepAlive + TimeSpan.FromSeconds(6));
            return closed ? clock.Elapsed.TotalSeconds : double.PositiveInfinity;
        }));
        var after = await LatchkeyCalls.MintAsync(_http, _browser);
        foreach (var connection in connections)
        {
            connection.Dispose();
        }

        output.WriteLine($"{flood} idle connections against MaxConcurrentConnections {FloodLimit}: {closedAtOnce} closed at once; server descriptors {baseline} before, {during} during");
        output.WriteLine($"the rest closed by the server after at most {reaped.Max():F1} s more (KeepAliveTimeout {KeepAlive.TotalSeconds} s); a browser refresh afterwards: {(int)after.Status}");
        Assert.True(closedAtOnce >= flood - FloodLimit, $"only {closedAtOnce} of {flood} connections were refused");
        Assert.True(during - baseline <= FloodLimit + 20, $"the server held {during - baseline} extra descriptors");
        Assert.All(reaped, s => Assert.True(s <= KeepAlive.TotalSeconds + 4, $"an idle connection lived {s:F1} s"));
        Assert.True(after.IsOk);
    }

    private async Task<double> TrickleAsync(int index, bool body)
    {
        using var connection = await RawConnection.OpenAsync(_server.BaseAddress, new IPAddress([127, 0, body ? (byte)44 : (byte)43, (byte)(1 + (index % 200))]));
        var clock = Stopwatch.StartNew();
        var head = body
            ? "POST /v1/client/sign_ins HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://127.0.0.1:5200\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000\r\n\r\nidentifier="
            : "GET /v1/environment HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        await connection.TrySendAsync(head);
        while (clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            if (!await connection.TrySendAsync(body ? "aaaaaaaaaa" : "X"))
            {
                break;
            }

            var (_, closed) = await connection.ReadUntilClosedAsync(TimeSpan.FromMilliseconds(200));
            if (closed)
            {
                break;
            }
        }

        return clock.Elapsed.TotalSeconds;
    }
}
