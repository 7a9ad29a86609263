using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Latchkey.AspNetCore;
using Latchkey.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Latchkey.Server.Tests.Revocation;

/// <summary>
/// Revocation reaches backends: a real Latchkey server, and an app using Latchkey.AspNetCore
/// (Kestrel on 127.0.0.1) that follows its feed. For each way a session ends early (a Backend
/// API revoke, a ban, a user deletion, a sign-out through the Frontend API) measures the time
/// from the start of that call to the first request the app rejects with session-revoked, and
/// asserts it is under 2 seconds. The token stays valid for 60 s, so only the feed can explain
/// the rejection.
/// </summary>
public abstract class RevocationLatencyTests(TestDatabaseKind kind, ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(2);
    private const int Measured = 5;

    /// <summary>The call that ends the session.</summary>
    public enum Cause
    {
        /// <summary><c>POST /v1/sessions/{id}/revoke</c> (Backend API).</summary>
        BackendRevoke,

        /// <summary><c>POST /v1/users/{id}/ban</c> (Backend API).</summary>
        UserBan,

        /// <summary><c>DELETE /v1/users/{id}</c> (Backend API).</summary>
        UserDelete,

        /// <summary><c>POST /v1/client/sessions/{id}/end</c> (Frontend API, the browser's sign-out).</summary>
        SignOut,
    }

    private static string NewEmail() => $"lat-{Guid.NewGuid():N}@example.com";

    [Theory]
    [InlineData(Cause.BackendRevoke)]
    [InlineData(Cause.UserBan)]
    [InlineData(Cause.UserDelete)]
    [InlineData(Cause.SignOut)]
    public async Task Revocation_AppUsingThePackage_RejectsTheTokenWithinTwoSeconds(Cause cause)
    {
        await using var server = await LatchkeyTestServer.StartAsync(kind);
        var (app, url) = await StartAppAsync(server);
        await using var _ = app;
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        using var backend = server.CreateBackend();

        // The feed is live once a first revocation has reached the app.
        await RevokeAndMeasureAsync(server, backend, http, cause);
        var figures = new List<TimeSpan>();
        for (var i = 0; i < Measured; i++)
        {
            figures.Add(await RevokeAndMeasureAsync(server, backend, http, cause));
        }

        var sorted = figures.Order().ToList();
        output.WriteLine($"{kind}, {cause}: revoke call → first rejected request: {string.Join(", ", figures.Select(f => $"{f.TotalMilliseconds:F0} ms"))} "
            + $"(min {sorted[0].TotalMilliseconds:F0} ms, median {sorted[Measured / 2].TotalMilliseconds:F0} ms, max {sorted[^1].TotalMilliseconds:F0} ms)");
        Assert.All(figures, f => Assert.True(f < Bound, $"rejected only after {f.TotalMilliseconds:F0} ms"));
    }

    private static async Task<TimeSpan> RevokeAndMeasureAsync(LatchkeyTestServer server, BackendClient backend, HttpClient app, Cause cause)
    {
        using var browser = server.CreateClient();
        var sessionId = await browser.SignUpAsync(NewEmail());
        var userId = (await browser.GetAsync("v1/client")).Response.GetProperty("sessions")[0].GetProperty("user").GetProperty("id").GetString()!;
        var token = await browser.MintAsync(sessionId);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(app, token)).StatusCode);

        var watch = Stopwatch.StartNew();
        var revoked = cause switch
        {
            Cause.BackendRevoke => await backend.PostAsync($"v1/sessions/{sessionId}/revoke"),
            Cause.UserBan => await backend.PostAsync($"v1/users/{userId}/ban"),
            Cause.UserDelete => await backend.DeleteAsync($"v1/users/{userId}"),
            _ => await browser.PostAsync($"v1/client/sessions/{sessionId}/end"),
        };
        revoked.EnsureStatus(HttpStatusCode.OK);
        while (true)
        {
            using var response = await GetAsync(app, token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var elapsed = watch.Elapsed;
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                Assert.Contains("error_description=\"session-revoked\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
                return elapsed;
            }

            if (watch.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new Xunit.Sdk.XunitException($"The app still accepted the token 30 s after the {cause}.");
            }

            await Task.Delay(5);
        }
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient app, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await app.SendAsync(request);
    }

    /// <summary>The app: three lines of Latchkey plus a protected endpoint, configured from the server's key file.</summary>
    private static async Task<(WebApplication App, string Url)> StartAppAsync(LatchkeyTestServer server)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Services.AddAuthentication().AddLatchkey(o =>
        {
            o.PublishableKey = KeyFile.PublishableKey(server);
            o.SecretKey = KeyFile.SecretKey(server);
            o.FrontendApiUrl = server.Origin;
            // No JwtKey: the keys come from the Backend API's /v1/jwks (fetched once, then cached),
            // and the feed is followed because a secret key is set. The usual three lines.
        });
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/api/me", (HttpContext c) => c.GetLatchkeyAuth().SessionId).RequireAuthorization();
        await app.StartAsync();
        return (app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }
}

public sealed class RevocationLatencySqliteTests(ITestOutputHelper output) : RevocationLatencyTests(TestDatabaseKind.Sqlite, output);

public sealed class RevocationLatencyPostgresTests(ITestOutputHelper output) : RevocationLatencyTests(TestDatabaseKind.Postgres, output);
