using System.Globalization;
using System.Text.Json;
using Latchkey.AspNetCore.BackendApi;
using Latchkey.AspNetCore.Internal;
using Microsoft.Extensions.Logging;

namespace Latchkey.AspNetCore.Revocation;

/// <summary>
/// Follows one Latchkey instance's revocation feed and answers <see cref="IsRevoked"/> from
/// memory. Two loops: the event stream (resumed with <c>Last-Event-ID</c> = the last cursor,
/// reopened with exponential back-off and jitter after a failure or an idle timeout) and a
/// catch-up read of the JSON feed from the same cursor every
/// <see cref="LatchkeyRevocationOptions.CatchUpInterval"/>, which also evicts expired entries.
/// While the feed is unreachable nothing changes for requests; the first failure of an outage
/// is logged at warning (again every 5 minutes while it lasts), never with the secret key.
/// </summary>
internal sealed class RevocationFeedFollower : IRevocationSource, IAsyncDisposable
{
    private const int PageSize = 500;
    private static readonly TimeSpan RepeatWarningAfter = TimeSpan.FromMinutes(5);

    private readonly BackendApiClient _api;
    private readonly LatchkeyRevocationOptions _options;
    private readonly TimeSpan _clockSkew;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RevokedSessionSet _revoked;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private Task? _run;
    private long _cursor = -1;
    private bool _failing;
    private DateTimeOffset _lastWarning;
    private volatile bool _unsupported;
    private int _connects;
    private int _disposed;

    public RevocationFeedFollower(BackendApiClient api, LatchkeyRevocationOptions options, TimeSpan clockSkew, TimeProvider time, ILogger logger)
    {
        _api = api;
        _options = new LatchkeyRevocationOptions
        {
            CatchUpInterval = options.CatchUpInterval,
            ReconnectDelay = options.ReconnectDelay,
            MaxReconnectDelay = options.MaxReconnectDelay,
            StreamIdleTimeout = options.StreamIdleTimeout,
            MaxEntries = options.MaxEntries,
        };
        _clockSkew = clockSkew;
        _time = time;
        _logger = logger;
        _revoked = new RevokedSessionSet(options.MaxEntries, time);
    }

    /// <summary>The last cursor applied (-1 before the first entry or page).</summary>
    public long Cursor => Interlocked.Read(ref _cursor);

    /// <summary>Revoked sessions currently held.</summary>
    public int Count => _revoked.Count;

    /// <summary>How many times the stream was opened successfully.</summary>
    public int Connects => Volatile.Read(ref _connects);

    /// <summary>Whether the server answered 404 (no feed): following stopped.</summary>
    public bool Unsupported => _unsupported;

    /// <summary>
    /// Whether tokens of <paramref name="sessionId"/> must be refused. The issue time does not
    /// matter: a Latchkey server never mints for a session after revoking it, so a token with
    /// a later <c>iat</c> only means clock skew.
    /// </summary>
    public bool IsRevoked(string sessionId, DateTimeOffset issuedAt) => _revoked.Contains(sessionId);

    /// <summary>Starts both loops (once; later calls do nothing).</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_run is null && Volatile.Read(ref _disposed) == 0)
            {
                _run = Task.Run(() => Task.WhenAll(StreamLoopAsync(_stop.Token), CatchUpLoopAsync(_stop.Token)));
            }
        }
    }

    /// <summary>Signals both loops to stop and returns at once (they end on their own).</summary>
    public void Stop()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Disposed concurrently: the loops are already stopping.
        }
    }

    /// <summary>Stops both loops and closes the stream; safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Task? run;
        lock (_gate)
        {
            run = _run;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (run is not null)
        {
            try
            {
                await run.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        _stop.Dispose();
    }

    private async Task StreamLoopAsync(CancellationToken stop)
    {
        var delay = _options.ReconnectDelay;
        while (!stop.IsCancellationRequested && !_unsupported)
        {
            string? failure;
            try
            {
                failure = await FollowStreamOnceAsync(stop).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Whatever happens, the loop must go on: a follower that dies stops revocations silently.
                failure = "unexpected " + ex.GetType().Name;
            }

            if (stop.IsCancellationRequested || _unsupported)
            {
                return;
            }

            if (failure is null)
            {
                delay = _options.ReconnectDelay;
            }

            var wait = WithJitter(delay);
            if (failure is not null)
            {
                ReportFailure(failure, wait);
                delay = delay * 2 > _options.MaxReconnectDelay ? _options.MaxReconnectDelay : delay * 2;
            }

            try
            {
                await Task.Delay(wait, _time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One connection: null when it was open and then ended normally, else why it failed.</summary>
    private async Task<string?> FollowStreamOnceAsync(CancellationToken stop)
    {
        var cursor = Cursor;
        var (response, failure) = await _api.OpenRevocationStreamAsync(cursor >= 0 ? cursor : null, stop).ConfigureAwait(false);
        if (response is null)
        {
            return Describe(failure!);
        }

        Interlocked.Increment(ref _connects);
        ReportHealthy();
        using (response)
        {
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(stop);
            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(stop).ConfigureAwait(false);
                var reader = new ServerSentEventReader(body);
                idle.CancelAfter(_options.StreamIdleTimeout);
                while (true)
                {
                    var next = await reader.ReadEventAsync(() => idle.CancelAfter(_options.StreamIdleTimeout), idle.Token).ConfigureAwait(false);
                    if (next is null)
                    {
                        return null;
                    }

                    if (next.Type == "revocation")
                    {
                        Apply(next.Data, next.Id);
                    }
                }
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
                return $"no data for {_options.StreamIdleTimeout.TotalSeconds:0.#} s";
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException or InvalidDataException or ObjectDisposedException)
            {
                return "the stream broke: " + ex.GetType().Name;
            }
        }
    }

    private async Task CatchUpLoopAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_options.CatchUpInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false) && !_unsupported)
            {
                try
                {
                    await CatchUpAsync(stop).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    ReportFailure("unexpected " + ex.GetType().Name, _options.CatchUpInterval);
                }

                _revoked.Sweep();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Reads the JSON feed from the last cursor to its end; false when the feed could not be read.</summary>
    internal async Task<bool> CatchUpAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var cursor = Cursor;
            var page = await _api.GetRevocationsAsync(cursor >= 0 ? cursor : null, PageSize, cancellationToken).ConfigureAwait(false);
            if (!page.IsSuccess)
            {
                var reason = Describe(page);
                if (!_unsupported)
                {
                    ReportFailure(reason, _options.CatchUpInterval);
                }

                return false;
            }

            var body = page.Body!.Value;
            if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            {
                ReportFailure("the feed answered JSON without a data array", _options.CatchUpInterval);
                return false;
            }

            foreach (var entry in data.EnumerateArray())
            {
                Apply(entry);
            }

            if (BackendApiClient.GetString(body, "next_cursor") is { } next && TryParseCursor(next, out var parsed))
            {
                Advance(parsed);
            }

            if (!body.TryGetProperty("has_more", out var more) || more.ValueKind != JsonValueKind.True)
            {
                return true;
            }
        }
    }

    private void Apply(string data, string? id)
    {
        try
        {
            using var document = JsonDocument.Parse(data);
            Apply(document.RootElement);
        }
        catch (JsonException)
        {
            Log.RevocationEntrySkipped(_logger);
        }

        if (id is not null && TryParseCursor(id, out var cursor))
        {
            Advance(cursor);
        }
    }

    private void Apply(JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object
            || BackendApiClient.GetString(entry, "session_id") is not { Length: > 0 and <= RevokedSessionSet.MaxSessionIdLength } sessionId
            || !entry.TryGetProperty("expires_at", out var expires)
            || expires.ValueKind != JsonValueKind.Number
            || !expires.TryGetInt64(out var expiresAtMs))
        {
            Log.RevocationEntrySkipped(_logger);
            return;
        }

        // Kept until this app would refuse the session's last token on its own (exp + skew).
        var until = expiresAtMs > long.MaxValue - (long)_clockSkew.TotalMilliseconds ? long.MaxValue : expiresAtMs + (long)_clockSkew.TotalMilliseconds;
        var dropped = _revoked.Add(sessionId, until);
        if (dropped > 0)
        {
            Log.RevokedSetFull(_logger, _options.MaxEntries, dropped);
        }
    }

    private void Advance(long cursor)
    {
        long current;
        do
        {
            current = Interlocked.Read(ref _cursor);
            if (cursor <= current)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _cursor, cursor, current) != current);
    }

    private string Describe(BackendApiResult failure)
    {
        if (failure.Status == 404)
        {
            if (!_unsupported)
            {
                _unsupported = true;
                Log.RevocationFeedNotPublished(_logger, _api.ApiUrl.GetLeftPart(UriPartial.Authority));
            }

            return "not published";
        }

        return failure.Status == 0
            ? "transport failure: " + failure.ErrorMessage
            : $"status {failure.Status}{(failure.ErrorCode is { } code ? ", " + code : string.Empty)}";
    }

    private void ReportFailure(string reason, TimeSpan retryIn)
    {
        if (_unsupported)
        {
            return;
        }

        var now = _time.GetUtcNow();
        bool warn;
        lock (_gate)
        {
            warn = !_failing || now - _lastWarning >= RepeatWarningAfter;
            _failing = true;
            if (warn)
            {
                _lastWarning = now;
            }
        }

        var api = _api.ApiUrl.GetLeftPart(UriPartial.Authority);
        if (warn)
        {
            Log.RevocationFeedUnreachable(_logger, api, reason, (long)retryIn.TotalMilliseconds);
        }
        else
        {
            Log.RevocationFeedRetry(_logger, api, reason, (long)retryIn.TotalMilliseconds);
        }
    }

    private void ReportHealthy()
    {
        bool recovered;
        lock (_gate)
        {
            recovered = _failing;
            _failing = false;
        }

        if (recovered)
        {
            Log.RevocationFeedRecovered(_logger, _api.ApiUrl.GetLeftPart(UriPartial.Authority));
        }
    }

    private static TimeSpan WithJitter(TimeSpan delay) =>
        // ±20 %, so that many apps do not reconnect in step after a server restart.
        TimeSpan.FromTicks((long)(delay.Ticks * (0.8 + (Random.Shared.NextDouble() * 0.4))));

    private static bool TryParseCursor(string text, out long cursor) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out cursor) && cursor >= 0;
}
