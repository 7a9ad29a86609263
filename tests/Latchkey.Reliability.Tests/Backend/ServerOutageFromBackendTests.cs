using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Latchkey.Reliability.Tests.Infrastructure;

namespace Latchkey.Reliability.Tests.Backend;

/// <summary>
/// The Latchkey server stopped (SIGKILL) while app backends using Latchkey.AspNetCore in
/// networked mode (JWKS over HTTP, cached) go on serving: requests with tokens they can
/// verify stay signed in until those tokens expire, then are signed out with an
/// expiry reason (<c>session-token-expired-...</c>); an app that never saw the keys signs out with
/// <c>jwk-remote-failed-to-load</c> (never an error page); both recover by themselves when
/// the server is back.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class ServerOutageFromBackendTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ServerStopped_CachedKeysServeUntilTokenExpiry_ThenSignedOutWithReason_RecoversWhenBack()
    {
        var lifetime = TimeSpan.FromSeconds(RunLength.Pick(6, 60));
        using var folder = new ScratchFolder();
        await using var server = new ServerProcess(folder.Path, null, new Dictionary<string, string?> { ["Latchkey:TokenLifetime"] = lifetime.ToString() });
        await server.StartAsync();
        using var browser = ApiCaller.Browser(server.BaseAddress);
        var (_, sessionId) = (await browser.SignUpAsync($"backend-{Guid.NewGuid():N}@example.com", AuthLoad.Password))!.Value;
        await using var app = await BackendApp.StartAsync(server.PublishableKey, server.Origin, server.SecretKey);
        var token = await MintAsync(browser, sessionId);
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync(token)).Status);

        server.Kill();
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(Claim(token, "exp"));

        // An app that starts during the outage has no keys: signed out with the reason, not an error page.
        await using (var cold = await BackendApp.StartAsync(server.PublishableKey, server.Origin, server.SecretKey))
        {
            var answer = await cold.GetAsync(token);
            output.WriteLine($"cold app during the outage: {(int)answer.Status} {answer.Reason} in {answer.Took.TotalMilliseconds:F0} ms");
            Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
            Assert.Equal("jwk-remote-failed-to-load", answer.Reason);
        }

        var served = 0;
        var latencies = new List<double>();
        AppAnswer last;
        while (true)
        {
            last = await app.GetAsync(token);
            if (last.Status != HttpStatusCode.OK)
            {
                break;
            }

            served++;
            latencies.Add(last.Took.TotalMilliseconds);
            Assert.True(DateTimeOffset.UtcNow < expiresAt + TimeSpan.FromSeconds(3), "served past expiry + skew");
            await Task.Delay(100);
        }

        var signedOutAt = DateTimeOffset.UtcNow;
        output.WriteLine($"server outage seen from a backend ({RunLength.Name} run, token lifetime {lifetime.TotalSeconds:F0} s): {served} signed-in requests served from cached keys, max {latencies.Max():F0} ms; signed out {(signedOutAt - expiresAt).TotalMilliseconds:F0} ms after exp with {last.Reason}");
        Assert.Equal(HttpStatusCode.Unauthorized, last.Status);
        // An expired bearer token: token-expired, refined by the protocol's refresh step (§5.9) to say why no refresh applies.
        Assert.True(last.Reason is "token-expired" || last.Reason?.StartsWith("session-token-expired", StringComparison.Ordinal) == true, last.Reason);
        Assert.True(signedOutAt >= expiresAt, "signed out before the token expired");
        Assert.True(served > 0);

        var restarted = Stopwatch.StartNew();
        await server.StartAsync();
        var fresh = await MintAsync(browser, sessionId);
        var serverBack = restarted.Elapsed;
        Assert.Equal(HttpStatusCode.OK, (await app.GetAsync(fresh)).Status);
        await using var late = await BackendApp.StartAsync(server.PublishableKey, server.Origin, server.SecretKey);
        Assert.Equal(HttpStatusCode.OK, (await late.GetAsync(fresh)).Status);
        output.WriteLine($"recovery: server answering {serverBack.TotalMilliseconds:F0} ms after restart; the warm app accepted the new token at once, no app restart");
    }

    [Fact]
    public async Task ColdAppDuringOutage_RecoversWithinTheRefreshCooldownWhenTheServerReturns()
    {
        using var folder = new ScratchFolder();
        await using var server = new ServerProcess(folder.Path, null);
        await server.StartAsync();
        using var browser = ApiCaller.Browser(server.BaseAddress);
        var (_, sessionId) = (await browser.SignUpAsync($"cold-{Guid.NewGuid():N}@example.com", AuthLoad.Password))!.Value;
        var token = await MintAsync(browser, sessionId);
        server.Kill();
        await using var app = await BackendApp.StartAsync(server.PublishableKey, server.Origin, server.SecretKey);
        Assert.Equal("jwk-remote-failed-to-load", (await app.GetAsync(token)).Reason);

        await server.StartAsync();
        var fresh = await MintAsync(browser, sessionId);
        var watch = Stopwatch.StartNew();
        AppAnswer answer;
        while ((answer = await app.GetAsync(fresh)).Status != HttpStatusCode.OK && watch.Elapsed < TimeSpan.FromSeconds(20))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
            await Task.Delay(100);
        }

        output.WriteLine($"cold app: signed in {watch.ElapsedMilliseconds} ms after the restarted server minted a token (JWKS refresh cooldown 2 s in this test, 10 s by default)");
        Assert.Equal(HttpStatusCode.OK, answer.Status);
    }

    internal static async Task<string> MintAsync(ApiCaller browser, string sessionId)
    {
        var minted = await browser.MintAsync(sessionId);
        Assert.Equal(HttpStatusCode.OK, minted.Status);
        return minted.Json.GetProperty("jwt").GetString()!;
    }

    internal static long Claim(string jwt, string name)
    {
        var payload = System.Buffers.Text.Base64Url.DecodeFromChars(jwt.Split('.')[1]);
        return JsonDocument.Parse(payload).RootElement.GetProperty(name).GetInt64();
    }
}
