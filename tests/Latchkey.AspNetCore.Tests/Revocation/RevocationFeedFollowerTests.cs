using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Latchkey.AspNetCore.BackendApi;
using Latchkey.AspNetCore.Revocation;
using Latchkey.AspNetCore.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Latchkey.AspNetCore.Tests.Revocation;

/// <summary>The feed follower against a fake feed on Kestrel: stream, resumption, catch-up, faults, logging.</summary>
public sealed class RevocationFeedFollowerTests : IAsyncLifetime
{
    private readonly CapturingLogger _log = new();
    private readonly List<IAsyncDisposable> _disposables = [];
    private readonly HttpClient _http = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var disposable in Enumerable.Reverse(_disposables))
        {
            await disposable.DisposeAsync();
        }

        _http.Dispose();
    }

    private async Task<FakeRevocationFeed> FeedAsync(int port = 0)
    {
        var feed = await FakeRevocationFeed.StartAsync(port);
        _disposables.Add(feed);
        return feed;
    }

    private RevocationFeedFollower Follower(string url, Action<LatchkeyRevocationOptions>? configure = null)
    {
        var options = new LatchkeyRevocationOptions
        {
            ReconnectDelay = TimeSpan.FromMilliseconds(50),
            MaxReconnectDelay = TimeSpan.FromMilliseconds(200),
            CatchUpInterval = TimeSpan.FromSeconds(1),
            StreamIdleTimeout = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(options);
        var api = new BackendApiClient(() => _http, new Uri(url), FakeRevocationFeed.SecretKey, TimeSpan.FromSeconds(2));
        var follower = new RevocationFeedFollower(api, options, TimeSpan.FromSeconds(5), TimeProvider.System, _log);
        _disposables.Add(follower);
        return follower;
    }

    private static async Task EventuallyAsync(Func<bool> condition, string what, double seconds = 5)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                throw new Xunit.Sdk.XunitException($"Not within {seconds} s: {what}");
            }

            await Task.Delay(10);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static DateTimeOffset InAMinute => DateTimeOffset.UtcNow.AddMinutes(1);

    [Fact]
    public async Task Start_EntriesBeforeAndAfter_BothSessionsRevokedOthersNot()
    {
        var feed = await FeedAsync();
        feed.Revoke("sess_before", InAMinute);
        var follower = Follower(feed.Url);

        follower.Start();
        await EventuallyAsync(() => follower.IsRevoked("sess_before", DateTimeOffset.UtcNow), "the existing entry");
        feed.Revoke("sess_after", InAMinute);
        await EventuallyAsync(() => follower.IsRevoked("sess_after", DateTimeOffset.UtcNow), "the pushed entry");

        Assert.False(follower.IsRevoked("sess_other", DateTimeOffset.UtcNow));
        Assert.All(feed.Authorizations, a => Assert.Equal("Bearer " + FakeRevocationFeed.SecretKey, a));
        Assert.Equal(2, follower.Cursor);
    }

    [Fact]
    public async Task StreamCut_ReconnectsWithLastEventIdAndGetsWhatWasMissed()
    {
        var feed = await FeedAsync();
        var first = feed.Revoke("sess_one", InAMinute);
        var follower = Follower(feed.Url);
        follower.Start();
        await EventuallyAsync(() => follower.IsRevoked("sess_one", DateTimeOffset.UtcNow), "the first entry");

        feed.CutStreams();
        feed.Revoke("sess_two", InAMinute);
        await EventuallyAsync(() => follower.IsRevoked("sess_two", DateTimeOffset.UtcNow), "the entry written during the cut");

        Assert.Equal(string.Empty, feed.StreamRequests.First());
        Assert.Contains(first.ToString(System.Globalization.CultureInfo.InvariantCulture), feed.StreamRequests);
        Assert.True(follower.Connects >= 2);
    }

    [Fact]
    public async Task CatchUp_ManyEntries_ReadsEveryPageFromTheCursor()
    {
        var feed = await FeedAsync();
        for (var i = 0; i < 1200; i++)
        {
            feed.Revoke("sess_" + i, InAMinute);
        }

        var follower = Follower(feed.Url);

        Assert.True(await follower.CatchUpAsync(CancellationToken.None));
        Assert.True(await follower.CatchUpAsync(CancellationToken.None));

        Assert.Equal(1200, follower.Count);
        Assert.Equal(["?limit=500", "?limit=500&since=500", "?limit=500&since=1000", "?limit=500&since=1200"], feed.PageRequests.ToArray());
    }

    [Fact]
    public async Task Feed404_StopsFollowingAndSaysSoOnceWithoutWarning()
    {
        var feed = await FeedAsync();
        feed.FailWith = 404;
        var follower = Follower(feed.Url);

        follower.Start();
        await EventuallyAsync(() => follower.Unsupported, "the feed recognised as absent");
        await Task.Delay(300);

        Assert.Single(feed.StreamRequests);
        Assert.Single(_log.Entries, e => e.EventId == 5013);
        Assert.DoesNotContain(_log.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task Unreachable_WarnsOnceWithoutTheSecretThenRecoversAndCatchesUp()
    {
        var port = FreePort();
        var follower = Follower($"http://127.0.0.1:{port}");
        follower.Start();
        await EventuallyAsync(() => _log.Entries.Any(e => e.EventId == 5011), "a warning about the outage");
        // A further failed attempt (back-off with jitter) must be logged below warning level.
        await EventuallyAsync(() => _log.Entries.Any(e => e.EventId == 5015), "a second failed attempt");

        var feed = await FeedAsync(port);
        feed.Revoke("sess_during_outage", InAMinute);
        await EventuallyAsync(() => follower.IsRevoked("sess_during_outage", DateTimeOffset.UtcNow), "the entry after reconnection");
        // The periodic page catch-up may take the entry before the stream's back-off ends; the
        // recovery is reported when the stream itself is open again.
        await EventuallyAsync(() => _log.Entries.Any(e => e.EventId == 5012), "the stream reported open again");

        var warnings = _log.Entries.Where(e => e.Level == LogLevel.Warning).ToList();
        Assert.Single(warnings);
        Assert.Equal(LogLevel.Warning, warnings[0].Level);
        Assert.Contains(_log.Entries, e => e.EventId == 5015);
        Assert.Contains(_log.Entries, e => e.EventId == 5012);
        Assert.DoesNotContain(_log.Entries, e => e.Message.Contains(FakeRevocationFeed.SecretKey, StringComparison.Ordinal) || e.Message.Contains("sk_test_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RefusedSecretKey_WarningNamesTheStatusAndTheProblemCode()
    {
        var feed = await FeedAsync();
        feed.FailWith = 401;
        feed.FailCode = "clerk_key_invalid";
        var follower = Follower(feed.Url);

        follower.Start();
        await EventuallyAsync(() => _log.Entries.Any(e => e.EventId == 5011), "a warning about the refusal");

        var warning = _log.Entries.First(e => e.EventId == 5011);
        Assert.Contains("status 401, clerk_key_invalid", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeRevocationFeed.SecretKey, warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerErrors_RetriesWithBackOffNotInATightLoop()
    {
        var feed = await FeedAsync();
        feed.FailWith = 503;
        var follower = Follower(feed.Url);

        follower.Start();
        await Task.Delay(1000);
        var attempts = feed.StreamRequests.Count;
        feed.FailWith = null;
        feed.Revoke("sess_after_errors", InAMinute);
        await EventuallyAsync(() => follower.IsRevoked("sess_after_errors", DateTimeOffset.UtcNow), "recovery after the errors");

        // 50, 100, 200, 200... ms (±20 %) gives about 6 attempts in a second; a tight loop gives hundreds.
        Assert.InRange(attempts, 3, 10);
    }

    [Fact]
    public async Task MalformedAndExpiredEntries_AreSkippedAndValidOnesApplied()
    {
        var feed = await FeedAsync();
        feed.AddRaw("{\"session_id\":5,\"expires_at\":1}");
        feed.AddRaw("not json");
        feed.AddRaw("[]");
        feed.AddRaw($"{{\"session_id\":\"{new string('s', 200)}\",\"expires_at\":{InAMinute.ToUnixTimeMilliseconds()}}}");
        feed.AddRaw("{\"session_id\":\"sess_no_expiry\"}");
        feed.Revoke("sess_expired", DateTimeOffset.UtcNow.AddMinutes(-1));
        feed.Revoke("sess_ok", InAMinute);
        var follower = Follower(feed.Url);

        follower.Start();
        await EventuallyAsync(() => follower.IsRevoked("sess_ok", DateTimeOffset.UtcNow), "the valid entry");

        Assert.Equal(1, follower.Count);
        Assert.False(follower.IsRevoked("sess_expired", DateTimeOffset.UtcNow));
        Assert.False(follower.IsRevoked("sess_no_expiry", DateTimeOffset.UtcNow));
        Assert.Equal(7, follower.Cursor);
    }

    [Fact]
    public async Task SilentStream_IsReopenedAfterTheIdleTimeout()
    {
        var feed = await FeedAsync();
        var follower = Follower(feed.Url, o => o.StreamIdleTimeout = TimeSpan.FromSeconds(1));

        follower.Start();
        await EventuallyAsync(() => feed.StreamRequests.Count >= 2, "a second connection", seconds: 5);

        Assert.Contains(_log.Entries, e => e.EventId == 5011 && e.Message.Contains("no data", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dispose_StopsFollowing()
    {
        var feed = await FeedAsync();
        var follower = Follower(feed.Url);
        follower.Start();
        await EventuallyAsync(() => follower.Connects == 1, "the stream");

        await follower.DisposeAsync();
        feed.Revoke("sess_after_dispose", InAMinute);
        await Task.Delay(300);

        Assert.False(follower.IsRevoked("sess_after_dispose", DateTimeOffset.UtcNow));
        Assert.Single(feed.StreamRequests);
    }
}
