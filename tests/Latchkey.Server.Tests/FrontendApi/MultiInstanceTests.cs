using System.Net;
using Latchkey.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace Latchkey.Server.Tests.FrontendApi;

/// <summary>
/// Two server processes' worth of state (two hosts) on one PostgreSQL database: any instance
/// serves any request, and a sign-out through one is honoured by the other (its session cache
/// is invalidated through the invalidation rows; see Revocation/CrossInstanceInvalidationTests
/// for the measured bound).
/// </summary>
public sealed class MultiInstanceTests
{
    [Fact]
    public async Task TwoInstances_SignInThroughOne_MintHandshakeAndSignOutThroughTheOther()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabaseKind.Postgres);
        var port = TestSmtpServer.FreePort();
        await using var a = await LatchkeyTestServer.StartAsync(TestDatabaseKind.Postgres, database: database, port: port);
        // Same public URL (issuer), another listening port: as two processes behind one load balancer.
        var portB = TestSmtpServer.FreePort();
        await using var b = await LatchkeyTestServer.StartAsync(TestDatabaseKind.Postgres, new Dictionary<string, string?>
        {
            ["urls"] = $"http://127.0.0.1:{portB}",
        }, database: database, port: port);
        var jar = new CookieContainer();
        using var viaA = a.CreateClient(jar);
        using var viaB = new FrontendClient(b, jar, a.Origin);
        viaB.Http.BaseAddress = new Uri($"http://127.0.0.1:{portB}/");

        var sessionId = await viaA.SignUpAsync($"multi-{Guid.NewGuid():N}@example.com");
        var jwt = await viaB.MintAsync(sessionId);
        var verified = await TokenAssertions.VerifyAsync(a, jwt);
        var handshake = await viaB.GetAsync("v1/client/handshake?format=nonce&redirect_url=" + Uri.EscapeDataString("http://127.0.0.1:5200/"));
        var nonce = QueryHelpers.ParseQuery(handshake.Headers.Location!.Query)["__clerk_handshake_nonce"].ToString();
        using var backend = new HttpClient { BaseAddress = a.BaseAddress };
        using var redeem = new HttpRequestMessage(HttpMethod.Get, "v1/clients/handshake_payload?nonce=" + nonce);
        redeem.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", KeyFile.SecretKey(a));
        using var payload = await backend.SendAsync(redeem);
        (await viaA.PostAsync($"v1/client/sessions/{sessionId}/end")).EnsureStatus(HttpStatusCode.OK);
        // B served this session from its cache a moment ago; the sign-out through A reaches it.
        var afterSignOut = await InstancePair.MintUntilRefusedAsync(viaB, sessionId, TimeSpan.FromSeconds(5));

        Assert.True(verified.IsValid, verified.ToString());
        Assert.Equal(HttpStatusCode.OK, payload.StatusCode);
        Assert.Contains("__session=ey", await payload.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("session_ended", afterSignOut.Response.ErrorCode);
    }

    [Fact]
    public async Task TwoInstances_LockoutCountedThroughOne_IsSeenByTheOther()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabaseKind.Postgres);
        var port = TestSmtpServer.FreePort();
        await using var a = await LatchkeyTestServer.StartAsync(TestDatabaseKind.Postgres, database: database, port: port);
        var portB = TestSmtpServer.FreePort();
        await using var b = await LatchkeyTestServer.StartAsync(TestDatabaseKind.Postgres, new Dictionary<string, string?> { ["urls"] = $"http://127.0.0.1:{portB}" }, database: database, port: port);
        var email = $"lock-{Guid.NewGuid():N}@example.com";
        using (var signup = a.CreateClient())
        {
            await signup.SignUpAsync(email);
        }

        using var viaA = a.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await viaA.PostAsync("v1/client/sign_ins", new Dictionary<string, string> { ["identifier"] = email, ["password"] = "wrong " + i });
        }

        using var viaB = new FrontendClient(b, new CookieContainer(), a.Origin);
        viaB.Http.BaseAddress = new Uri($"http://127.0.0.1:{portB}/");
        var response = await viaB.PostAsync("v1/client/sign_ins", new Dictionary<string, string> { ["identifier"] = email, ["password"] = "correct horse battery" });

        Assert.Equal("user_locked", response.ErrorCode);
    }
}
