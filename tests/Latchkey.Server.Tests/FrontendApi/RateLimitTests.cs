using System.Net;
using Latchkey.Server.Tests.Infrastructure;

namespace Latchkey.Server.Tests.FrontendApi;

public abstract class RateLimitTests(TestDatabaseKind kind)
{
    [Fact]
    public async Task CredentialEndpoint_OverPerIpBudget_Returns429WithRetryAfter()
    {
        await using var server = await LatchkeyTestServer.StartAsync(kind, new Dictionary<string, string?> { ["Latchkey:RateLimits:CredentialRequestsPerIp"] = "3" });
        using var browser = server.CreateClient();

        var statuses = new List<HttpStatusCode>();
        ApiResponse last = null!;
        for (var i = 0; i < 4; i++)
        {
            last = await browser.PostAsync("v1/client/sign_ins", new Dictionary<string, string> { ["identifier"] = $"rl{i}@example.com" });
            statuses.Add(last.Status);
        }

        var other = await browser.GetAsync("v1/environment");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal("too_many_requests", last.ErrorCode);
        Assert.NotNull(last.Headers.RetryAfter);
        other.EnsureStatus(HttpStatusCode.OK);
    }

    private static async Task<List<HttpStatusCode>> SignInsFromAsync(LatchkeyTestServer server, params string[] forwardedFor)
    {
        var statuses = new List<HttpStatusCode>();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        for (var i = 0; i < forwardedFor.Length; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/client/sign_ins")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["identifier"] = $"proxy{i}@example.com" }),
            };
            request.Headers.Add("Origin", server.Origin);
            request.Headers.Add("X-Forwarded-For", forwardedFor[i]);
            using var response = await http.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        return statuses;
    }

    [Fact]
    public async Task PerIpBudget_BehindKnownProxy_CountsEachForwardedClient()
    {
        await using var server = await LatchkeyTestServer.StartAsync(kind, new Dictionary<string, string?>
        {
            ["Latchkey:RateLimits:CredentialRequestsPerIp"] = "2",
            ["Latchkey:Proxy:KnownProxies:0"] = "127.0.0.1",
        });

        var statuses = await SignInsFromAsync(server, "203.0.113.1", "203.0.113.1", "203.0.113.1", "203.0.113.2");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK], statuses);
    }

    [Fact]
    public async Task PerIpBudget_NoProxyConfigured_ForwardedForIsIgnored()
    {
        await using var server = await LatchkeyTestServer.StartAsync(kind, new Dictionary<string, string?> { ["Latchkey:RateLimits:CredentialRequestsPerIp"] = "2" });

        var statuses = await SignInsFromAsync(server, "203.0.113.1", "203.0.113.2", "203.0.113.3");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task PerIpBudget_ForwardedByAnUnknownProxy_IsIgnored()
    {
        await using var server = await LatchkeyTestServer.StartAsync(kind, new Dictionary<string, string?>
        {
            ["Latchkey:RateLimits:CredentialRequestsPerIp"] = "2",
            ["Latchkey:Proxy:KnownNetworks:0"] = "10.0.0.0/8",
        });

        var statuses = await SignInsFromAsync(server, "203.0.113.1", "203.0.113.2", "203.0.113.3");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task CredentialAttempts_OverPerIdentifierBudget_Returns429EvenFromManyClients()
    {
        await using var server = await LatchkeyTestServer.StartAsync(kind, new Dictionary<string, string?> { ["Latchkey:RateLimits:CredentialAttemptsPerIdentifier"] = "2", ["Latchkey:RateLimits:LockoutThreshold"] = "100" });
        var codes = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var browser = server.CreateClient();
            codes.Add((await browser.PostAsync("v1/client/sign_ins", new Dictionary<string, string> { ["identifier"] = "victim@example.com", ["password"] = "guess " + i })).ErrorCode);
        }

        Assert.Equal(["form_password_incorrect", "form_password_incorrect", "too_many_requests"], codes);
    }
}

public sealed class RateLimitSqliteTests() : RateLimitTests(TestDatabaseKind.Sqlite);

public sealed class RateLimitPostgresTests() : RateLimitTests(TestDatabaseKind.Postgres);
