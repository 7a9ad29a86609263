using System.Text;
using System.Text.Json;
using Latchkey.Server.Configuration;
using Latchkey.Server.Keys;
using Latchkey.Server.Revocation;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.BackendApi;

/// <summary>
/// The revocation feed (Backend API, Latchkey only; docs/revocation.md), secret key required:
/// <c>GET /v1/sessions/revocations?since=&amp;limit=</c> answers a JSON page;
/// <c>GET /v1/sessions/revocations/stream?since=</c> answers server-sent events, one
/// <c>revocation</c> event per entry with <c>id:</c> = its cursor (so <c>Last-Event-ID</c>
/// resumes), and <c>: heartbeat</c> comments while idle (the key is checked again before each;
/// a revoked key ends the stream). Input errors are RFC 7807 problems with a stable <c>code</c>.
/// </summary>
internal static class RevocationFeedEndpoints
{
    public const string Path = "/v1/sessions/revocations";
    private const string LastEventIdHeader = "Last-Event-ID";

    public static IEndpointRouteBuilder MapRevocationFeed(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path).RequireRateLimiting(FrontendApi.Http.RateLimitPolicies.Default);
        group.MapGet("/", ReadPageAsync);
        group.MapGet("/stream", StreamAsync);
        return app;
    }

    private static async Task<IResult> ReadPageAsync(HttpContext http, SecretKeys secretKeys, RevocationFeed feed, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var refused = await SecretKeyGate.RefuseUnlessAuthorizedAsync(http, secretKeys, loggers.CreateLogger(typeof(RevocationFeedEndpoints)), cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        if (!TryReadCursor(http, fromHeader: false, out var since, out var problem) || !TryReadLimit(http, out var limit, out problem))
        {
            return problem!;
        }

        return Results.Json(await feed.ReadAsync(since, limit, cancellationToken));
    }

    private static async Task StreamAsync(
        HttpContext http,
        SecretKeys secretKeys,
        RevocationFeed feed,
        InvalidationSignal signal,
        IHostApplicationLifetime lifetime,
        IOptions<LatchkeyServerOptions> options,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        TimeProvider time,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(RevocationFeedEndpoints));
        var refused = await SecretKeyGate.RefuseUnlessAuthorizedAsync(http, secretKeys, logger, http.RequestAborted);
        if (refused is not null)
        {
            await refused.ExecuteAsync(http);
            return;
        }

        if (!TryReadCursor(http, fromHeader: true, out var cursor, out var problem))
        {
            await problem!.ExecuteAsync(http);
            return;
        }

        // Streams end when the client goes or the server stops (shutdown must not wait for them).
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var response = http.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var heartbeat = options.Value.Revocation.StreamHeartbeatInterval;
        var serializer = json.Value.SerializerOptions;
        try
        {
            await WriteAsync(response, "retry: 1000\n\n", stop.Token);
            while (!stop.IsCancellationRequested)
            {
                // Take the wake-up before reading, so a change during the read is not missed.
                var changed = signal.Changed;
                var page = await feed.ReadAsync(cursor, RevocationFeed.MaxLimit, stop.Token);
                if (page.Data.Count > 0)
                {
                    var text = new StringBuilder();
                    foreach (var entry in page.Data)
                    {
                        text.Append("id: ").Append(RevocationFeed.FormatCursor(entry.Sequence)).Append('\n')
                            .Append("event: revocation\n")
                            .Append("data: ").Append(JsonSerializer.Serialize(entry, serializer)).Append("\n\n");
                    }

                    await WriteAsync(response, text.ToString(), stop.Token);
                }

                RevocationFeed.TryParseCursor(page.NextCursor, out cursor);
                if (page.HasMore)
                {
                    continue;
                }

                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                var delay = Task.Delay(heartbeat, time, wait.Token);
                var woke = await Task.WhenAny(changed, delay);
                await wait.CancelAsync();
                if (woke == delay && !stop.IsCancellationRequested)
                {
                    // A key revoked while the stream is open ends it at the next heartbeat.
                    if (await SecretKeyGate.RefuseUnlessAuthorizedAsync(http, secretKeys, logger, stop.Token) is not null)
                    {
                        return;
                    }

                    await WriteAsync(response, ": heartbeat\n\n", stop.Token);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or IOException)
        {
            // The client reconnects with Last-Event-ID and misses nothing.
            Log.RevocationStreamEnded(logger, e.GetType().Name);
        }
    }

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        await response.WriteAsync(text, Encoding.UTF8, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    private static bool TryReadCursor(HttpContext http, bool fromHeader, out long since, out IResult? problem)
    {
        since = 0;
        problem = null;
        // An event-stream client reconnecting sends Last-Event-ID; it is newer than the URL's since.
        // An empty Last-Event-ID means "no event seen yet" (the EventSource rules): the URL's since applies.
        var header = fromHeader ? http.Request.Headers[LastEventIdHeader] : default;
        var values = header.Count > 0 && !(header.Count == 1 && string.IsNullOrEmpty(header[0])) ? header : http.Request.Query["since"];
        if (values.Count == 0 || (values.Count == 1 && string.IsNullOrEmpty(values[0])))
        {
            return true;
        }

        if (values.Count == 1 && RevocationFeed.TryParseCursor(values[0], out since))
        {
            return true;
        }

        problem = Problem("cursor_invalid", "Cursor invalid",
            "since (or Last-Event-ID) must be a cursor this feed returned: next_cursor of a page or the id of an event. Omit it to start at the oldest live entry.");
        return false;
    }

    private static bool TryReadLimit(HttpContext http, out int limit, out IResult? problem)
    {
        limit = RevocationFeed.DefaultLimit;
        problem = null;
        var values = http.Request.Query["limit"];
        if (values.Count == 0)
        {
            return true;
        }

        if (values.Count == 1 && RevocationFeed.TryParseCursor(values[0], out var parsed) && parsed is >= 1 and <= RevocationFeed.MaxLimit)
        {
            limit = (int)parsed;
            return true;
        }

        problem = Problem("limit_invalid", "Limit invalid", $"limit must be a whole number from 1 to {RevocationFeed.MaxLimit} (default {RevocationFeed.DefaultLimit}).");
        return false;
    }

    private static IResult Problem(string code, string title, string detail) =>
        Results.Problem(statusCode: 400, title: title, detail: detail, extensions: new Dictionary<string, object?> { ["code"] = code });
}
