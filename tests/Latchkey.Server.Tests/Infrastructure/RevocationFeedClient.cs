using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Latchkey.Server.Tests.Infrastructure;

/// <summary>A backend's view of the revocation feed: the JSON pages and the event stream, with the instance's secret key.</summary>
public sealed class RevocationFeedClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly string? _secretKey;

    public RevocationFeedClient(LatchkeyTestServer server, string? secretKey = null, Uri? baseAddress = null)
    {
        _http = new HttpClient { BaseAddress = baseAddress ?? server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        _secretKey = secretKey ?? KeyFile.SecretKey(server);
    }

    /// <summary>GET the feed with a raw query string; <paramref name="authorization"/> overrides the header (empty: none).</summary>
    public async Task<ApiResponse> GetAsync(string query = "", string? authorization = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/sessions/revocations" + query);
        Authorize(request, authorization);
        using var response = await _http.SendAsync(request);
        return new ApiResponse(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers, response.Content.Headers);
    }

    /// <summary>Reads one page and returns its entries, next cursor and has_more.</summary>
    public async Task<FeedPage> ReadAsync(string? since = null, int? limit = null)
    {
        var query = new List<string>();
        if (since is not null)
        {
            query.Add("since=" + Uri.EscapeDataString(since));
        }

        if (limit is not null)
        {
            query.Add("limit=" + limit);
        }

        var response = await GetAsync(query.Count == 0 ? string.Empty : "?" + string.Join('&', query));
        response.EnsureStatus(System.Net.HttpStatusCode.OK);
        var body = response.Body;
        return new FeedPage(
            body.GetProperty("data").EnumerateArray().Select(e => e.Clone()).ToList(),
            body.GetProperty("next_cursor").GetString()!,
            body.GetProperty("has_more").GetBoolean());
    }

    /// <summary>Every live entry, following next_cursor until has_more is false.</summary>
    public async Task<List<JsonElement>> ReadAllAsync()
    {
        var all = new List<JsonElement>();
        string? cursor = null;
        while (true)
        {
            var page = await ReadAsync(cursor, 500);
            all.AddRange(page.Data);
            cursor = page.NextCursor;
            if (!page.HasMore)
            {
                return all;
            }
        }
    }

    public async Task<EventStream> OpenStreamAsync(string? since = null, string? lastEventId = null, string? authorization = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "v1/sessions/revocations/stream" + (since is null ? string.Empty : "?since=" + Uri.EscapeDataString(since)));
        Authorize(request, authorization);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        request.Dispose();
        return new EventStream(response, await response.Content.ReadAsStreamAsync());
    }

    private void Authorize(HttpRequestMessage request, string? authorization)
    {
        var value = authorization ?? (_secretKey is null ? string.Empty : "Bearer " + _secretKey);
        if (value.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Authorization", value);
        }
    }

    public void Dispose() => _http.Dispose();
}

public sealed record FeedPage(List<JsonElement> Data, string NextCursor, bool HasMore);

/// <summary>One server-sent event (or a comment line, with <see cref="Comment"/> set).</summary>
public sealed record ServerSentEvent(string? Id, string? Event, string? Data, string? Comment, string? Retry)
{
    public JsonElement Json => JsonDocument.Parse(Data!).RootElement.Clone();
}

/// <summary>An open event stream, read event by event.</summary>
public sealed class EventStream(HttpResponseMessage response, Stream body) : IAsyncDisposable
{
    private readonly StreamReader _reader = new(body, Encoding.UTF8);

    public HttpResponseMessage Response => response;

    /// <summary>The next event or comment, or null when the stream ended; fails after <paramref name="timeout"/>.</summary>
    public async Task<ServerSentEvent?> NextAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        string? id = null, type = null, retry = null;
        var data = new StringBuilder();
        var any = false;
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancel.Token);
            if (line is null)
            {
                return null;
            }

            if (line.Length == 0)
            {
                if (any)
                {
                    return new ServerSentEvent(id, type, data.Length > 0 ? data.ToString() : null, null, retry);
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                return new ServerSentEvent(null, null, null, line[1..].Trim(), null);
            }

            any = true;
            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id": id = value; break;
                case "event": type = value; break;
                case "retry": retry = value; break;
                case "data": data.Append(data.Length > 0 ? "\n" : string.Empty).Append(value); break;
            }
        }
    }

    /// <summary>The rest of the body as text (for error answers).</summary>
    public Task<string> ReadToEndAsync() => _reader.ReadToEndAsync();

    /// <summary>The next event that is not a comment or a retry hint.</summary>
    public async Task<ServerSentEvent> NextEventAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var remaining = deadline - DateTime.UtcNow;
            var next = await NextAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.FromMilliseconds(1))
                ?? throw new Xunit.Sdk.XunitException("The event stream ended.");
            if (next.Event is not null)
            {
                return next;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        response.Dispose();
        await body.DisposeAsync();
    }
}
