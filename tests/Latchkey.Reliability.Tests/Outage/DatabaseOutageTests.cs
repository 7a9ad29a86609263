using System.Diagnostics;
using System.Net;
using Latchkey.Reliability.Tests.Infrastructure;

namespace Latchkey.Reliability.Tests.Outage;

/// <summary>
/// PostgreSQL stopped (<c>pg_ctl stop -m immediate</c>) under a running server: every API
/// answers 503 with <c>Retry-After</c> in its own error shape (never 500, never a hang), the
/// JWKS stays served, and the server recovers by itself when the database is back. Minting
/// from memory through the outage happens only with <c>Revocation:DatabaseOutageGrace</c> set,
/// and stops when it has run out.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class DatabaseOutageTests(ClusterFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task PostgresDown_GraceOff_Answers503WithRetryAfterAndRecoversWithoutRestart()
    {
        using var folder = new ScratchFolder();
        var connection = await fixture.Cluster.CreateDatabaseAsync();
        await using var server = new ServerProcess(folder.Path, connection, new Dictionary<string, string?>
        {
            ["Latchkey:Revocation:PollInterval"] = "00:00:00.100",
        });
        await server.StartAsync();
        using var browser = ApiCaller.Browser(server.BaseAddress);
        var email = $"outage-{Guid.NewGuid():N}@example.com";
        var (_, sessionId) = (await browser.SignUpAsync(email, AuthLoad.Password))!.Value;
        using var backend = ApiCaller.Backend(server.BaseAddress, server.SecretKey);
        Assert.Equal(HttpStatusCode.OK, (await browser.MintAsync(sessionId)).Status);

        await fixture.Cluster.StopImmediateAsync();
        var restarted = false;
        try
        {
            // Past the cache trust window (3 poll intervals), the mint needs the database too.
            var untilRefused = Stopwatch.StartNew();
            ApiAnswer mint;
            do
            {
                mint = await browser.MintAsync(sessionId);
            }
            while (mint.Status == HttpStatusCode.OK && untilRefused.Elapsed < Bounded);

            AssertUnavailableEnvelope(mint);
            output.WriteLine($"database outage, grace off: mints refused {untilRefused.ElapsedMilliseconds} ms after the stop (trust window 300 ms)");

            var latencies = new List<double>();
            for (var i = 0; i < RunLength.Pick(5, 50); i++)
            {
                var watch = Stopwatch.StartNew();
                AssertUnavailableEnvelope(await browser.MintAsync(sessionId));
                AssertUnavailableEnvelope(await browser.PostFormAsync("v1/client/sign_ins", new Dictionary<string, string> { ["identifier"] = email, ["password"] = AuthLoad.Password }));
                AssertUnavailableEnvelope(await backend.GetAsync($"v1/users?limit=1"));
                AssertUnavailableEnvelope(await backend.PostJsonAsync($"v1/sessions/{sessionId}/revoke"));
                latencies.Add(watch.Elapsed.TotalMilliseconds / 4);
            }

            // Latchkey-only endpoints answer RFC 7807 problem details with the same code.
            var feed = await backend.GetAsync("v1/sessions/revocations");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, feed.Status);
            Assert.Equal("application/problem+json", feed.ContentType);
            Assert.Equal("service_unavailable", feed.ErrorCode);
            Assert.NotNull(feed.Headers.RetryAfter);
            var admin = await backend.GetAsync("v1/secret_keys");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, admin.Status);
            Assert.Equal("application/problem+json", admin.ContentType);
            Assert.Equal("service_unavailable", admin.ErrorCode);
            // Hosted pages: the HTML error page, with the status and the hint.
            var page = await browser.GetAsync("account");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.Status);
            Assert.Equal("text/html", page.ContentType);
            Assert.NotNull(page.Headers.RetryAfter);
            // Verification keys are served from memory: backends keep verifying.
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(".well-known/jwks.json")).Status);
            latencies.Sort();
            output.WriteLine($"503 latency over {latencies.Count * 4} requests: median {latencies[latencies.Count / 2]:F1} ms, max {latencies[^1]:F1} ms");
            Assert.True(latencies[^1] < Bounded.TotalMilliseconds);

            await fixture.Cluster.StartAgainAsync();
            restarted = true;
            var recovery = Stopwatch.StartNew();
            while ((await browser.MintAsync(sessionId)).Status != HttpStatusCode.OK && recovery.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(20);
            }

            var minting = recovery.Elapsed;
            while ((await backend.GetAsync("v1/users?limit=1")).Status != HttpStatusCode.OK && recovery.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(20);
            }

            output.WriteLine($"recovery after the database accepted connections again: mint {minting.TotalMilliseconds:F0} ms, Backend API {recovery.ElapsedMilliseconds} ms (same server process)");
            Assert.True(server.IsRunning);
            Assert.Equal(HttpStatusCode.OK, (await browser.MintAsync(sessionId)).Status);
            // Writes too: a sign-in on another browser, then every API answers again without 5xx.
            using var other = ApiCaller.Browser(server.BaseAddress);
            Assert.NotNull(await other.SignInAsync(email, AuthLoad.Password));
            Assert.Equal(HttpStatusCode.OK, (await backend.PostJsonAsync($"v1/sessions/{sessionId}/revoke")).Status);
            Assert.NotEqual(HttpStatusCode.OK, (await browser.MintAsync(sessionId)).Status);
        }
        finally
        {
            if (!restarted)
            {
                await fixture.Cluster.StartAgainAsync();
            }
        }
    }

    [Fact]
    public async Task PostgresDown_GraceOn_MintsFromMemoryForTheGraceThenAnswers503()
    {
        var grace = TimeSpan.FromSeconds(RunLength.Pick(3, 20));
        using var folder = new ScratchFolder();
        var connection = await fixture.Cluster.CreateDatabaseAsync();
        await using var server = new ServerProcess(folder.Path, connection, new Dictionary<string, string?>
        {
            ["Latchkey:Revocation:PollInterval"] = "00:00:00.100",
            ["Latchkey:Revocation:DatabaseOutageGrace"] = grace.ToString(),
        });
        await server.StartAsync();
        using var browser = ApiCaller.Browser(server.BaseAddress);
        var email = $"grace-{Guid.NewGuid():N}@example.com";
        var (_, sessionId) = (await browser.SignUpAsync(email, AuthLoad.Password))!.Value;
        Assert.Equal(HttpStatusCode.OK, (await browser.MintAsync(sessionId)).Status);

        await fixture.Cluster.StopImmediateAsync();
        var stopped = Stopwatch.StartNew();
        try
        {
            var served = 0;
            ApiAnswer mint;
            do
            {
                mint = await browser.MintAsync(sessionId);
                served += mint.Status == HttpStatusCode.OK ? 1 : 0;
                await Task.Delay(50);
            }
            while (mint.Status == HttpStatusCode.OK && stopped.Elapsed < grace + Bounded);

            var refusedAfter = stopped.Elapsed;
            AssertUnavailableEnvelope(mint);
            output.WriteLine($"database outage, grace {grace.TotalSeconds:F0} s: {served} mints served from memory, refused {refusedAfter.TotalMilliseconds:F0} ms after the stop (bound: grace + trust window 300 ms)");
            Assert.True(refusedAfter >= grace - TimeSpan.FromMilliseconds(500), $"refused too early: {refusedAfter}");
            Assert.True(refusedAfter <= grace + TimeSpan.FromSeconds(3), $"served past the grace: {refusedAfter}");
            Assert.True(served > 0);
        }
        finally
        {
            await fixture.Cluster.StartAgainAsync();
        }

        var recovery = Stopwatch.StartNew();
        while ((await browser.MintAsync(sessionId)).Status != HttpStatusCode.OK && recovery.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20);
        }

        output.WriteLine($"recovery: mint {recovery.ElapsedMilliseconds} ms after the database was back");
        Assert.Equal(HttpStatusCode.OK, (await browser.MintAsync(sessionId)).Status);
    }

    [Fact]
    public async Task PostgresDown_GraceOn_WritesAndUncachedSessionsStillAnswer503()
    {
        using var folder = new ScratchFolder();
        var connection = await fixture.Cluster.CreateDatabaseAsync();
        await using var server = new ServerProcess(folder.Path, connection, new Dictionary<string, string?>
        {
            ["Latchkey:Revocation:PollInterval"] = "00:00:00.100",
            ["Latchkey:Revocation:DatabaseOutageGrace"] = "00:01:00",
        });
        await server.StartAsync();
        using var browser = ApiCaller.Browser(server.BaseAddress);
        var email = $"grace-{Guid.NewGuid():N}@example.com";
        var (_, sessionId) = (await browser.SignUpAsync(email, AuthLoad.Password))!.Value;
        Assert.Equal(HttpStatusCode.OK, (await browser.MintAsync(sessionId)).Status);
        using var backend = ApiCaller.Backend(server.BaseAddress, server.SecretKey);
        Assert.Equal(HttpStatusCode.OK, (await backend.GetAsync("v1/users?limit=1")).Status);

        await fixture.Cluster.StopImmediateAsync();
        try
        {
            await Task.Delay(500);
            // The cached session: minted from memory (the grace is one minute).
            Assert.Equal(HttpStatusCode.OK, (await browser.MintAsync(sessionId)).Status);
            // A sign-in writes: 503. A browser the server never saw: nothing in memory, 503.
            using var other = ApiCaller.Browser(server.BaseAddress);
            AssertUnavailableEnvelope(await other.PostFormAsync("v1/client/sign_ins", new Dictionary<string, string> { ["identifier"] = email, ["password"] = AuthLoad.Password }));
            AssertUnavailableEnvelope(await backend.PostJsonAsync($"v1/sessions/{sessionId}/revoke"));
        }
        finally
        {
            await fixture.Cluster.StartAgainAsync();
        }
    }

    private static void AssertUnavailableEnvelope(ApiAnswer answer)
    {
        Assert.True(answer.Status == HttpStatusCode.ServiceUnavailable, $"expected 503, got {(int)answer.Status}: {answer.Text}");
        Assert.Equal("application/json", answer.ContentType);
        Assert.Equal("service_unavailable", answer.ErrorCode);
        Assert.True(answer.Headers.RetryAfter?.Delta is { } delta && delta > TimeSpan.Zero, "Retry-After missing");
    }
}
