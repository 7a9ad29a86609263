using System.Net;
using Latchkey.Server.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Server.Tests.Sessions;

/// <summary>
/// A backend whose clock is off against the server's (docs/clock-skew.md): the real server mints
/// a token at its frozen time T (lifetime 60 s, nbf = iat − 10 s); an app backend with
/// Latchkey.AspNetCore (5 s clock skew) judges it with its own <see cref="FakeTimeProvider"/> at
/// T + age + offset. ±3 s: signed in for the token's whole life. −30 s (the backend is slow): a
/// fresh token is not active yet, then issued in the future, and accepted from 25 s of age on.
/// +30 s (the backend is fast): accepted until 35 s of age, expired after. Every refusal states
/// the offset it measured.
/// </summary>
public sealed class ClockSkewTests(ClockSkewTests.Setup setup) : IClassFixture<ClockSkewTests.Setup>
{
    private const string Expired = "session-token-expired-refresh-non-eligible-no-refresh-cookie";

    /// <summary>offset (backend − server) and token age in seconds, and the reason the app answers (null: signed in).</summary>
    public static TheoryData<int, int, string?> Cases => new()
    {
        { 3, 0, null }, { 3, 30, null }, { 3, 59, null },
        { -3, 0, null }, { -3, 30, null }, { -3, 59, null },
        { -30, 0, "session-token-nbf" }, { -30, 14, "session-token-nbf" }, { -30, 16, "session-token-iat-in-the-future" }, { -30, 24, "session-token-iat-in-the-future" },
        { -30, 26, null }, { -30, 59, null },
        { 30, 0, null }, { 30, 34, null }, { 30, 35, Expired }, { 30, 59, Expired },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BearerCall_BackendClockOffset_OutcomeAsDocumented(int offset, int age, string? reason)
    {
        using var response = await setup.CallAsync(bearer: true, setup.MintedAt.AddSeconds(age + offset));

        if (reason is null)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("user_", await response.Content.ReadAsStringAsync());
            return;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal($"Bearer error=\"invalid_token\", error_description=\"{reason}\"", response.Headers.WwwAuthenticate.Single().ToString());
        Assert.Equal(reason, response.Headers.GetValues("x-clerk-auth-reason").Single());
    }

    [Theory]
    [InlineData(-30, 0, "this machine's clock is at least 30 s behind the issuer's; check the clock")]
    [InlineData(-30, 20, "The token was issued at 2026-11-26T12:00:00Z (1795694400) (iat), 10 s in this machine's future")]
    [InlineData(30, 40, "issued 70 s ago by this machine's clock (iat), for 60 s: if it was minted moments ago, this machine's clock is up to 70 s ahead")]
    public async Task BearerCall_Refused_MessageStatesTheMeasuredOffset(int offset, int age, string expected)
    {
        using var response = await setup.CallAsync(bearer: true, setup.MintedAt.AddSeconds(age + offset));

        Assert.Contains(expected, response.Headers.GetValues("x-clerk-auth-message").Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-30, 0, "session-token-nbf")]
    [InlineData(30, 40, Expired)]
    public async Task PageNavigation_BackendClockOffBy30s_HandshakeWithTimeReason(int offset, int age, string reason)
    {
        using var response = await setup.CallAsync(bearer: false, setup.MintedAt.AddSeconds(age + offset));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.StartsWith(setup.Server.Origin + "/v1/client/handshake?", response.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains("__clerk_hs_reason=" + reason, response.Headers.Location.Query, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(-3)]
    public async Task PageNavigation_BackendClockOffBy3s_SignedInFreshAndOld(int offset)
    {
        foreach (var age in new[] { 0, 59 })
        {
            using var response = await setup.CallAsync(bearer: false, setup.MintedAt.AddSeconds(age + offset));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    /// <summary>One real server frozen at <see cref="MintedAt"/>, one signed-in session and one token; an app backend per call, on its own clock.</summary>
    public sealed class Setup : IAsyncLifetime
    {
        public DateTimeOffset MintedAt { get; } = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

        public LatchkeyTestServer Server { get; private set; } = null!;

        public string Token { get; private set; } = null!;

        /// <summary>The app origin the token was minted for (its azp); every app backend listens there.</summary>
        private int _appPort;

        public async Task InitializeAsync()
        {
            Server = await LatchkeyTestServer.StartAsync(TestDatabaseKind.Sqlite, time: new FakeTimeProvider(MintedAt));
            _appPort = TestSmtpServer.FreePort();
            using var browser = Server.CreateClient();
            var sessionId = await browser.SignUpAsync($"skew-{Guid.NewGuid():N}@example.com");
            browser.Origin = $"http://127.0.0.1:{_appPort}";
            Token = await browser.MintAsync(sessionId);
        }

        /// <summary>
        /// Starts an app backend whose clock (a <see cref="FakeTimeProvider"/>) reads <paramref name="appTime"/>,
        /// then sends a fetch with the token as Bearer, or a page navigation with it as the
        /// <c>__session</c> cookie (and a matching <c>__client_uat</c>).
        /// </summary>
        public async Task<HttpResponseMessage> CallAsync(bool bearer, DateTimeOffset appTime)
        {
            await using var app = await AppBackend.StartAsync(Server, new FakeTimeProvider(appTime), port: _appPort);
            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(app.Origin) };
            using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard");
            if (bearer)
            {
                request.Headers.Add("Sec-Fetch-Dest", "empty");
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
            }
            else
            {
                request.Headers.Add("Sec-Fetch-Dest", "document");
                request.Headers.Add("Accept", "text/html");
                request.Headers.Add("Cookie", $"__session={Token}; __client_uat={MintedAt.ToUnixTimeSeconds() - 1}; __clerk_db_jwt=dvb_skew");
            }

            var response = await http.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            return response;
        }

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }
}
