using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latchkey.AspNetCore.Tests.Infrastructure;

/// <summary>
/// The revocation feed of a Latchkey server, played on Kestrel at 127.0.0.1 with faults on
/// demand: entries are added by the test, streams can be cut, the feed can answer an error.
/// (The real server's feed is exercised end to end in Latchkey.Server.Tests.)
/// </summary>
internal sealed class FakeRevocationFeed : IAsyncDisposable
{
    public const string SecretKey = "sk_test_fakefeedsecretkeyfakefeedsecretkeyfake1";

    private readonly WebApplication _app;
    private readonly List<(long Sequence, string Json)> _entries = [];
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource _cut = new();
    private long _sequence;

    private FakeRevocationFeed(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    /// <summary>Each stream request's Last-Event-ID header (empty when absent).</summary>
    public ConcurrentQueue<string> StreamRequests { get; } = new();

    /// <summary>Each JSON request's query string.</summary>
    public ConcurrentQueue<string> PageRequests { get; } = new();

    /// <summary>Authorization headers seen.</summary>
    public ConcurrentQueue<string> Authorizations { get; } = new();

    /// <summary>When set, every feed request answers this status (RFC 7807 problem details, as the server's feed does).</summary>
    public int? FailWith { get; set; }

    /// <summary>The <c>code</c> of the problem answered while <see cref="FailWith"/> is set.</summary>
    public string FailCode { get; set; } = "fake_failure";

    public static async Task<FakeRevocationFeed> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        FakeRevocationFeed? self = null;
        app.MapGet("/v1/sessions/revocations", (HttpContext c) => self!.PageAsync(c));
        app.MapGet("/v1/sessions/revocations/stream", (HttpContext c) => self!.StreamAsync(c));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new FakeRevocationFeed(app, address.TrimEnd('/'));
        return self;
    }

    public int Port => new Uri(Url).Port;

    /// <summary>Adds an entry (pushed to open streams); returns its cursor.</summary>
    public long Revoke(string sessionId, DateTimeOffset expiresAt, string reason = "revoked") =>
        AddRaw(JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["session_id"] = sessionId,
            ["user_id"] = "user_x",
            ["revoked_at"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            ["expires_at"] = expiresAt.ToUnixTimeMilliseconds(),
            ["reason"] = reason,
        }));

    /// <summary>Adds an entry with any JSON text.</summary>
    public long AddRaw(string json)
    {
        TaskCompletionSource changed;
        long sequence;
        lock (_gate)
        {
            sequence = ++_sequence;
            _entries.Add((sequence, json));
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
        return sequence;
    }

    /// <summary>Aborts every open stream (as a network failure would).</summary>
    public void CutStreams()
    {
        CancellationTokenSource cut;
        lock (_gate)
        {
            cut = _cut;
            _cut = new CancellationTokenSource();
        }

        cut.Cancel();
    }

    private List<(long Sequence, string Json)> After(long since)
    {
        lock (_gate)
        {
            return _entries.Where(e => e.Sequence > since).ToList();
        }
    }

    private async Task PageAsync(HttpContext context)
    {
        PageRequests.Enqueue(context.Request.QueryString.Value ?? string.Empty);
        Authorizations.Enqueue(context.Request.Headers.Authorization.ToString());
        if (FailWith is { } status)
        {
            await Fail(context, status);
            return;
        }

        var since = long.TryParse(context.Request.Query["since"], CultureInfo.InvariantCulture, out var s) ? s : 0;
        var limit = int.TryParse(context.Request.Query["limit"], CultureInfo.InvariantCulture, out var l) ? l : 100;
        var after = After(since);
        var page = after.Take(limit).ToList();
        var hasMore = after.Count > limit;
        var next = hasMore ? page[^1].Sequence : Math.Max(since, Interlocked.Read(ref _sequence));
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($"{{\"data\":[{string.Join(',', page.Select(e => e.Json))}],\"next_cursor\":\"{next}\",\"has_more\":{(hasMore ? "true" : "false")}}}");
    }

    private async Task StreamAsync(HttpContext context)
    {
        var lastEventId = context.Request.Headers["Last-Event-ID"].ToString();
        StreamRequests.Enqueue(lastEventId);
        Authorizations.Enqueue(context.Request.Headers.Authorization.ToString());
        if (FailWith is { } status)
        {
            await Fail(context, status);
            return;
        }

        var cursor = long.TryParse(lastEventId, CultureInfo.InvariantCulture, out var id) ? id : 0;
        CancellationTokenSource cut;
        lock (_gate)
        {
            cut = _cut;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, cut.Token);
        context.Response.ContentType = "text/event-stream";
        try
        {
            await context.Response.WriteAsync("retry: 1000\n\n", stop.Token);
            await context.Response.Body.FlushAsync(stop.Token);
            while (true)
            {
                Task changed;
                lock (_gate)
                {
                    changed = _changed.Task;
                }

                foreach (var (sequence, json) in After(cursor))
                {
                    await context.Response.WriteAsync($"id: {sequence}\nevent: revocation\ndata: {json}\n\n", Encoding.UTF8, stop.Token);
                    cursor = sequence;
                }

                await context.Response.Body.FlushAsync(stop.Token);
                await changed.WaitAsync(stop.Token);
            }
        }
        catch (OperationCanceledException) when (cut.IsCancellationRequested)
        {
            context.Abort();
        }
        catch (OperationCanceledException)
        {
        }
    }

    private Task Fail(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["type"] = "urn:latchkey:error:" + FailCode,
            ["title"] = "failing on purpose",
            ["status"] = status,
            ["code"] = FailCode,
        }));
    }

    public async ValueTask DisposeAsync()
    {
        CutStreams();
        await _app.DisposeAsync();
    }
}
