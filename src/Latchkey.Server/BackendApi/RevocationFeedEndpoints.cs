using System.Text;
using System.Text.Json;
using Latchkey.Server.BackendApi.Http;
using Latchkey.Server.Configuration;
using Latchkey.Server.FrontendApi.Errors;
using Latchkey.Server.Keys;
using Latchkey.Server.Revocation;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.BackendApi;

/// <summary>
/// The revocation feed (Backend API, Latchkey only; docs/revocation.md), mapped in the Backend
/// API's Latchkey-only group, so the secret key, <c>Clerk-API-Version</c> and the rate-limit
/// budget work as on every Backend API route:
/// <c>GET /v1/sessions/revocations?since=&amp;limit=</c> answers a JSON page;
/// <c>GET /v1/sessions/revocations/stream?since=</c> answers server-sent events, one
/// <c>revocation</c> event per entry with <c>id:</c> = its cursor (so <c>Last-Event-ID</c>
/// resumes), and <c>: heartbeat</c> comments while idle (the key that opened the stream is checked
/// again before each; a revoked key ends the stream). Errors are RFC 7807 problems with a stable
/// <c>code</c>.
/// </summary>
internal static class RevocationFeedEndpoints
{
    private const string LastEventIdHeader = "Last-Event-ID";
    private const string EventStreamContentType = "text/event-stream";

    public static RouteGroupBuilder MapRevocationFeed(this RouteGroupBuilder group)
    {
        group.MapGet("/sessions/revocations", ReadPageAsync)
            .WithName("ListSessionRevocations")
            .WithSummary("Read the revocation feed: sessions whose tokens must be refused, in commit order after a cursor")
            .Produces<RevocationPage>(contentType: BackendNames.JsonContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/sessions/revocations/stream", StreamAsync)
            .WithName("StreamSessionRevocations")
            .WithSummary("Follow the revocation feed as server-sent events (resume with Last-Event-ID)")
            .Produces<string>(StatusCodes.Status200OK, EventStreamContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return group;
    }

    private static async Task<IResult> ReadPageAsync(HttpContext http, RevocationFeed feed, CancellationToken cancellationToken)
    {
        if (!TryReadCursor(http, fromHeader: false, out var since, out var problem) || !TryReadLimit(http, out var limit, out problem))
        {
            return problem!;
        }

        return BackendResults.Json(await feed.ReadAsync(since, limit, cancellationToken));
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
        if (!TryReadCursor(http, fromHeader: true, out var cursor, out var problem))
        {
            await problem!.ExecuteAsync(http);
            return;
        }

        // SecretKeyFilter let the request in and named the key; without it this endpoint was mapped outside its group.
        var keyId = SecretKeyFilter.KeyId(http)
            ?? throw new InvalidOperationException("The revocation stream must be mapped behind SecretKeyFilter.");

        // Streams end when the client goes or the server stops (shutdown must not wait for them).
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var response = http.Response;
        response.ContentType = EventStreamContentType + "; charset=utf-8";
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
                    if (!await secretKeys.IsLiveAsync(keyId, stop.Token))
                    {
                        Log.BackendAuthRefused(logger, ErrorCodes.SecretKeyInvalid);
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

        problem = Problem(http, "cursor_invalid", "Cursor invalid",
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

        problem = Problem(http, "limit_invalid", "Limit invalid", $"limit must be a whole number from 1 to {RevocationFeed.MaxLimit} (default {RevocationFeed.DefaultLimit}).");
        return false;
    }

    private static IResult Problem(HttpContext http, string code, string title, string detail) =>
        BackendResults.Problem(http, new ApiError(StatusCodes.Status400BadRequest, code, title, detail));
}
