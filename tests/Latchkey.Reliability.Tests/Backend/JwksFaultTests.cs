using System.Net;
using Latchkey.Reliability.Tests.Infrastructure;

namespace Latchkey.Reliability.Tests.Backend;

/// <summary>
/// A JWKS endpoint that answers 500, an HTML page, JSON that is no key set, or nothing at all
/// never turns a request into an error page: an app with keys in its cache keeps verifying
/// with them (past their cache duration, without waiting for the failing refresh), and an app
/// without keys signs the request out with a reason code within its bounded timeout.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class JwksFaultTests(ITestOutputHelper output)
{
    private static readonly JwksFault[] Faults = [JwksFault.Status500, JwksFault.HtmlPage, JwksFault.JsonNotAKeySet, JwksFault.JsonArray, JwksFault.EmptyKeySet, JwksFault.Hang];

    [Fact]
    public async Task FaultyJwks_WarmAndColdApps_NeverAnErrorPage()
    {
        using var folder = new ScratchFolder();
        await using var server = new ServerProcess(folder.Path, null, new Dictionary<string, string?> { ["Latchkey:TokenLifetime"] = "00:05:00" });
        await server.StartAsync();
        using var browser = ApiCaller.Browser(server.BaseAddress);
        var keySet = (await browser.GetAsync(".well-known/jwks.json")).Text;
        var (_, sessionId) = (await browser.SignUpAsync($"jwks-{Guid.NewGuid():N}@example.com", AuthLoad.Password))!.Value;
        var token = await ServerOutageFromBackendTests.MintAsync(browser, sessionId);
        foreach (var fault in Faults)
        {
            await RunAsync(server, keySet, token, fault);
        }
    }

    private async Task RunAsync(ServerProcess server, string keySet, string token, JwksFault fault)
    {
        await using var jwks = await FlakyJwks.StartAsync(keySet);
        var fetchTimeout = TimeSpan.FromSeconds(1);
        // The warm app backs off 3 s between its two attempts, so a request that waited for the
        // failing refresh would take at least 3 s: far above scheduling noise on a loaded
        // machine (a 922 ms request was once seen with three test projects running at once).
        var warmRetryDelay = TimeSpan.FromSeconds(3);
        var coldRetryDelay = TimeSpan.FromMilliseconds(250);
        Action<Latchkey.AspNetCore.LatchkeyAuthenticationOptions> Configure(TimeSpan retryDelay) => o =>
        {
            o.ApiUrl = jwks.Url;
            o.Revocation.Enabled = false;
            o.JwksCacheDuration = TimeSpan.FromMilliseconds(500);
            o.BackendApiTimeout = fetchTimeout;
            o.JwksFetchAttempts = 2;
            o.JwksRetryDelay = retryDelay;
            o.JwksRefreshCooldown = TimeSpan.FromMilliseconds(200);
        };

        await using var warm = await BackendApp.StartAsync(server.PublishableKey, server.Origin, server.SecretKey, Configure(warmRetryDelay));
        Assert.Equal(HttpStatusCode.OK, (await warm.GetAsync(token)).Status);

        jwks.Fault = fault;
        await Task.Delay(700);
        var warmAnswers = new List<AppAnswer>();
        for (var i = 0; i < RunLength.Pick(5, 50); i++)
        {
            warmAnswers.Add(await warm.GetAsync(token));
            await Task.Delay(100);
        }

        await using var cold = await BackendApp.StartAsync(server.PublishableKey, server.Origin, server.SecretKey, Configure(coldRetryDelay));
        var coldAnswer = await cold.GetAsync(token);

        output.WriteLine($"JWKS fault {fault}: warm app {warmAnswers.Count(a => a.Status == HttpStatusCode.OK)}/{warmAnswers.Count} signed in, slowest {warmAnswers.Max(a => a.Took.TotalMilliseconds):F0} ms; cold app {(int)coldAnswer.Status} {coldAnswer.Reason} in {coldAnswer.Took.TotalMilliseconds:F0} ms; JWKS requests {jwks.Requests}");
        Assert.All(warmAnswers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        // Stale keys are served at once; the refresh (with its 3 s back-off) runs behind the request.
        Assert.All(warmAnswers, a => Assert.True(a.Took < warmRetryDelay, $"waited {a.Took} for a failing refresh"));
        Assert.Equal(HttpStatusCode.Unauthorized, coldAnswer.Status);
        Assert.StartsWith("jwk-remote-", coldAnswer.Reason, StringComparison.Ordinal);
        // Two attempts of at most 1 s each plus the back-off (and 3 s of slack for a loaded machine): bounded.
        var coldBound = (2 * fetchTimeout) + coldRetryDelay + TimeSpan.FromSeconds(3);
        Assert.True(coldAnswer.Took < coldBound, $"cold app waited {coldAnswer.Took}, bound {coldBound}");

        jwks.Fault = JwksFault.None;
        await Task.Delay(300);
        Assert.Equal(HttpStatusCode.OK, (await cold.GetAsync(token)).Status);
    }
}
