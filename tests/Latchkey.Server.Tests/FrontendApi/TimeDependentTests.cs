using System.Net;
using Latchkey.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Latchkey.Server.Revocation;
using Latchkey.Server.Sessions;
using Latchkey.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Server.Tests.FrontendApi;

/// <summary>Expiry of tokens, codes, nonces and sessions under a frozen clock (FakeTimeProvider), never by sleeping.</summary>
public abstract class TimeDependentTests(TestDatabaseKind kind)
{
    private static string NewEmail() => $"time-{Guid.NewGuid():N}@example.com";

    private static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Token_ShorterConfiguredLifetime_ExpiresThen()
    {
        var time = Clock();
        await using var server = await LatchkeyTestServer.StartAsync(kind, new Dictionary<string, string?> { ["Latchkey:TokenLifetime"] = "00:00:05" }, time);
        using var browser = server.CreateClient();
        var jwt = await browser.MintAsync(await browser.SignUpAsync(NewEmail()));

        var fresh = await TokenAssertions.VerifyAsync(server, jwt, time);
        time.Advance(TimeSpan.FromSeconds(5 + 5 + 1));
        var stale = await TokenAssertions.VerifyAsync(server, jwt, time);

        Assert.True(fresh.IsValid, fresh.ToString());
        Assert.Equal(TimeSpan.FromSeconds(5), fresh.ExpiresAt - fresh.IssuedAt);
        Assert.Equal("token-expired", stale.Reason);
    }

    [Fact]
    public async Task Session_PastMaximumLifetime_IsRefusedAsExpired()
    {
        var time = Clock();
        await using var server = await LatchkeyTestServer.StartAsync(kind, new Dictionary<string, string?> { ["Latchkey:SessionMaximumLifetime"] = "01:00:00" }, time);
        using var browser = server.CreateClient();
        var sessionId = await browser.SignUpAsync(NewEmail());

        time.Advance(TimeSpan.FromMinutes(61));
        var mint = await browser.PostAsync($"v1/client/sessions/{sessionId}/tokens");
        var client = await browser.GetAsync("v1/client");

        Assert.Equal(HttpStatusCode.Unauthorized, mint.Status);
        Assert.Equal("session_expired", mint.ErrorCode);
        Assert.Equal(0, client.Response.GetProperty("sessions").GetArrayLength());
    }

    [Fact]
    public async Task Session_InactiveTooLong_ExpiresButActivityKeepsItAlive()
    {
        var time = Clock();
        await using var server = await LatchkeyTestServer.StartAsync(kind, new Dictionary<string, string?> { ["Latchkey:SessionInactivityTimeout"] = "00:10:00" }, time);
        using var browser = server.CreateClient();
        var sessionId = await browser.SignUpAsync(NewEmail());

        time.Advance(TimeSpan.FromMinutes(9));
        await browser.MintAsync(sessionId);
        time.Advance(TimeSpan.FromMinutes(9));
        var stillActive = await browser.PostAsync($"v1/client/sessions/{sessionId}/tokens");
        time.Advance(TimeSpan.FromMinutes(11));
        var expired = await browser.PostAsync($"v1/client/sessions/{sessionId}/tokens");

        stillActive.EnsureStatus(HttpStatusCode.OK);
        Assert.Equal("session_expired", expired.ErrorCode);
    }

    [Fact]
    public async Task Session_CachedStateOlderThanActivityRecordedElsewhere_IsNotExpiredByTheCache()
    {
        // Activity that another instance recorded reaches this instance's database but not its
        // cache: the cache alone would call the session inactive. The expiry is decided against the row.
        var time = Clock();
        await using var server = await LatchkeyTestServer.StartAsync(kind, new Dictionary<string, string?>
        {
            ["Latchkey:SessionInactivityTimeout"] = "00:03:00",
            ["Latchkey:SessionCacheDuration"] = "00:05:00",
        }, time);
        using var browser = server.CreateClient();
        var sessionId = await browser.SignUpAsync(NewEmail());
        await browser.MintAsync(sessionId);

        time.Advance(TimeSpan.FromMinutes(2));
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LatchkeyDbContext>();
            var elsewhere = time.GetUtcNow();
            Assert.Equal(1, await db.Sessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastActiveAt, elsewhere)));
        }

        time.Advance(TimeSpan.FromMinutes(2));
        await WaitUntilCachesTrustedAsync(server);
        var cached = await server.Services.GetRequiredService<SessionStateCache>().GetAsync(sessionId, CancellationToken.None);
        var mint = await browser.PostAsync($"v1/client/sessions/{sessionId}/tokens");
        time.Advance(TimeSpan.FromMinutes(4));
        await WaitUntilCachesTrustedAsync(server);
        var inactive = await browser.PostAsync($"v1/client/sessions/{sessionId}/tokens");

        Assert.True(cached!.LastActiveAt < time.GetUtcNow() - TimeSpan.FromMinutes(6), "the cache still holds the older activity (else this test proves nothing)");
        mint.EnsureStatus(HttpStatusCode.OK);
        Assert.Equal("session_expired", inactive.ErrorCode);
    }

    private static async Task WaitUntilCachesTrustedAsync(LatchkeyTestServer server)
    {
        // The listener's poll waits on the fake clock: if it was busy with a sync (woken by a
        // commit or a PostgreSQL notification) while the test advanced the clock, its next poll
        // never comes by itself. Ask for a sync as the real clock's next poll would.
        var coherence = server.Services.GetRequiredService<CacheCoherence>();
        var signal = server.Services.GetRequiredService<InvalidationSignal>();
        for (var i = 0; i < 500 && !coherence.IsTrusted; i++)
        {
            signal.RequestSync();
            await Task.Delay(10);
        }

        Assert.True(coherence.IsTrusted, "the invalidation listener did not catch up with the advanced clock");
    }

    [Fact]
    public async Task EmailCode_AfterLifetime_IsExpired()
    {
        var time = Clock();
        await using var server = await LatchkeyTestServer.StartAsync(kind, time: time);
        using var browser = server.CreateClient();
        var email = NewEmail();
        var id = (await browser.PostAsync("v1/client/sign_ups", new Dictionary<string, string> { ["email_address"] = email, ["password"] = "correct horse battery" })).Response.GetProperty("id").GetString()!;
        await browser.PostAsync($"v1/client/sign_ups/{id}/prepare_verification", new Dictionary<string, string> { ["strategy"] = "email_code" });
        var code = FrontendClient.CodeIn(await server.Smtp.WaitForAsync(email));

        time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        var response = await browser.PostAsync($"v1/client/sign_ups/{id}/attempt_verification", new Dictionary<string, string> { ["code"] = code });

        Assert.Equal("verification_expired", response.ErrorCode);
    }

    [Fact]
    public async Task HandshakeNonce_AfterLifetime_CannotBeRedeemed()
    {
        var time = Clock();
        await using var server = await LatchkeyTestServer.StartAsync(kind, time: time);
        using var browser = server.CreateClient();
        var redirect = await browser.GetAsync("v1/client/handshake?format=nonce&redirect_url=" + Uri.EscapeDataString("http://127.0.0.1:5200/"));
        var nonce = QueryHelpers.ParseQuery(redirect.Headers.Location!.Query)["__clerk_handshake_nonce"].ToString();

        time.Advance(TimeSpan.FromSeconds(61));
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/clients/handshake_payload?nonce=" + nonce);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", KeyFile.SecretKey(server));
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Lockout_AfterThresholdFailures_BlocksEvenTheRightPasswordUntilBackOffEnds()
    {
        var time = Clock();
        await using var server = await LatchkeyTestServer.StartAsync(kind, time: time);
        var email = NewEmail();
        using (var signup = server.CreateClient())
        {
            await signup.SignUpAsync(email);
        }

        using var browser = server.CreateClient();
        var codes = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            codes.Add((await browser.PostAsync("v1/client/sign_ins", new Dictionary<string, string> { ["identifier"] = email, ["password"] = "wrong password " + i })).ErrorCode);
        }

        var locked = await browser.PostAsync("v1/client/sign_ins", new Dictionary<string, string> { ["identifier"] = email, ["password"] = "correct horse battery" });
        time.Advance(TimeSpan.FromSeconds(31));
        var afterBackOff = await browser.PostAsync("v1/client/sign_ins", new Dictionary<string, string> { ["identifier"] = email, ["password"] = "correct horse battery" });

        Assert.Equal(["form_password_incorrect", "form_password_incorrect", "form_password_incorrect", "form_password_incorrect", "user_locked"], codes);
        Assert.Equal(HttpStatusCode.Forbidden, locked.Status);
        Assert.Equal("user_locked", locked.ErrorCode);
        Assert.Equal("30", locked.Headers.RetryAfter!.ToString());
        afterBackOff.EnsureStatus(HttpStatusCode.OK);
    }
}

public sealed class TimeDependentSqliteTests() : TimeDependentTests(TestDatabaseKind.Sqlite);

public sealed class TimeDependentPostgresTests() : TimeDependentTests(TestDatabaseKind.Postgres);
