using Latchkey.AspNetCore.BackendApi;
using Latchkey.AspNetCore.Internal;
using Microsoft.Extensions.Logging;

namespace Latchkey.AspNetCore.Keys;

/// <summary>
/// One instance's remote key set (protocol.md §4.3, hardened): fetched from the Backend API
/// (<c>GET /v1/jwks</c> with the secret key) or the Frontend API's public
/// <c>/.well-known/jwks.json</c>; used for <see cref="CacheDuration"/>; refetched at once for an
/// unknown <c>kid</c> but at most once per <see cref="RefreshCooldown"/>; one fetch in flight at a
/// time; each fetch retried with exponential back-off; and the last good key set kept when the
/// server cannot be reached, so signed-in requests keep working through an outage. A stale set
/// that has the token's <c>kid</c> is served without waiting for its refresh.
/// </summary>
internal sealed class RemoteKeyCache
{
    private readonly Func<CancellationToken, Task<BackendApiResult>> _fetch;
    private readonly Func<string, KeySetParse> _parse;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Snapshot? _current;
    private Task<Snapshot?>? _inFlight;
    private DateTimeOffset _lastFetchStarted = DateTimeOffset.MinValue;
    private string _lastFailureReason = Reasons.JwkRemoteFailedToLoad;
    private string _lastFailureMessage = "The JWKS has not been fetched yet.";

    public RemoteKeyCache(
        Func<CancellationToken, Task<BackendApiResult>> fetch,
        Func<string, KeySetParse> parse,
        TimeProvider time,
        ILogger logger,
        TimeSpan cacheDuration,
        TimeSpan refreshCooldown,
        int attempts,
        TimeSpan retryDelay)
    {
        _fetch = fetch;
        _parse = parse;
        _time = time;
        _logger = logger;
        CacheDuration = cacheDuration;
        RefreshCooldown = refreshCooldown;
        Attempts = attempts;
        RetryDelay = retryDelay;
    }

    public TimeSpan CacheDuration { get; }

    public TimeSpan RefreshCooldown { get; }

    public int Attempts { get; }

    public TimeSpan RetryDelay { get; }

    /// <summary>How many fetches were started (for tests and diagnostics).</summary>
    public int FetchCount { get; private set; }

    /// <summary>A parsed key set and when it was fetched.</summary>
    internal sealed record Snapshot(object Keys, Func<string?, bool> HasKid, DateTimeOffset FetchedAt);

    /// <summary>The outcome of parsing a JWKS document: the key set and its kid lookup, or a reason.</summary>
    internal sealed record KeySetParse(object? Keys, Func<string?, bool>? HasKid, string? Reason, string? Message);

    /// <summary>The result of a key lookup: the key set to verify with, or a failure reason.</summary>
    internal readonly record struct Lookup(object? Keys, string? Reason, string? Message);

    /// <summary>
    /// The current key set when it is fresh and has <paramref name="kid"/>: the case in which
    /// <see cref="GetAsync"/> answers at once. False in every other case (stale, empty, unknown
    /// kid), where the caller must go through <see cref="GetAsync"/>, which refreshes. Lock-free:
    /// the snapshot is immutable and published whole.
    /// </summary>
    public bool TryGetFresh(string? kid, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out object? keys)
    {
        var current = Volatile.Read(ref _current);
        if (current is not null && _time.GetUtcNow() - current.FetchedAt < CacheDuration && current.HasKid(kid))
        {
            keys = current.Keys;
            return true;
        }

        keys = null;
        return false;
    }

    /// <summary>Returns the key set to verify a token whose header has <paramref name="kid"/>.</summary>
    public async Task<Lookup> GetAsync(string? kid, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        Snapshot? current;
        Task<Snapshot?>? fetch = null;
        lock (_gate)
        {
            current = _current;
            var fresh = current is not null && now - current.FetchedAt < CacheDuration;
            if (fresh && current!.HasKid(kid))
            {
                return new Lookup(current.Keys, null, null);
            }

            // Stale, empty, or an unknown kid: refetch, unless one is in flight (share it) or the
            // cooldown since the last fetch has not passed (answer with what we have).
            if (_inFlight is not null)
            {
                fetch = _inFlight;
            }
            else if (now - _lastFetchStarted >= RefreshCooldown || current is null && _lastFetchStarted == DateTimeOffset.MinValue)
            {
                _lastFetchStarted = now;
                FetchCount++;
                fetch = _inFlight = FetchWithRetriesAsync();
            }
        }

        if (fetch is not null && (current is null || !current.HasKid(kid)))
        {
            // The fetch itself is not cancelled by one caller leaving; the caller just stops waiting.
            var fetched = await fetch.WaitAsync(cancellationToken).ConfigureAwait(false);
            current = fetched ?? current;
        }

        // A stale key set that has the kid is served at once while the refresh runs behind the
        // request (stale-while-revalidate): a JWKS endpoint that hangs or fails must not slow
        // down, let alone fail, requests this set can verify.

        return current is not null
            ? new Lookup(current.Keys, null, null)
            : new Lookup(null, _lastFailureReason, _lastFailureMessage);
    }

    private async Task<Snapshot?> FetchWithRetriesAsync()
    {
        try
        {
            for (var attempt = 0; attempt < Attempts; attempt++)
            {
                if (attempt > 0)
                {
                    var delay = RetryDelay * Math.Pow(2, attempt - 1);
                    await Task.Delay(delay, _time).ConfigureAwait(false);
                }

                var result = await _fetch(CancellationToken.None).ConfigureAwait(false);
                if (result.IsSuccess)
                {
                    var parsed = _parse(result.Body!.Value.GetRawText());
                    if (parsed.Keys is not null)
                    {
                        var snapshot = new Snapshot(parsed.Keys, parsed.HasKid!, _time.GetUtcNow());
                        lock (_gate)
                        {
                            Volatile.Write(ref _current, snapshot);
                        }

                        return snapshot;
                    }

                    Fail(parsed.Reason ?? Reasons.JwkRemoteInvalid, parsed.Message ?? "The JWKS is not a valid JWK Set.", result.Status);
                    continue;
                }

                if (result.ErrorCode == "clerk_key_invalid" || result.Status == 401)
                {
                    // A refused secret key will not get better by retrying.
                    Fail(Reasons.SecretKeyInvalid, result.ErrorMessage ?? "The Backend API refused the secret key.", result.Status);
                    return null;
                }

                Fail(Reasons.JwkRemoteFailedToLoad, $"Loading the JWKS failed: {result.ErrorMessage}", result.Status);
            }

            return null;
        }
        finally
        {
            lock (_gate)
            {
                _inFlight = null;
            }
        }
    }

    private void Fail(string reason, string message, int status)
    {
        _lastFailureReason = reason;
        _lastFailureMessage = message;
        Log.JwksFetchFailed(_logger, status, reason);
    }
}
