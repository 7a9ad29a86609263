using System.Net;
using System.Net.Http.Headers;
using Latchkey.AspNetCore.Tests.Infrastructure;
using Latchkey.Testing;

namespace Latchkey.AspNetCore.Tests.EndToEnd;

/// <summary>Real HTTP through Kestrel on 127.0.0.1: the handler, the auth object, policies, CORS, the handshake.</summary>
public sealed class KestrelEndToEndTests : IAsyncLifetime
{
    private static readonly TestIssuer Issuer = new();
    private SampleApp _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = await SampleApp.StartAsync(Issuer);
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(_app.Url) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    private HttpRequestMessage Get(string path, string? bearer = null, string? cookie = null, bool navigation = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        request.Headers.Add("Sec-Fetch-Dest", navigation ? "document" : "empty");
        request.Headers.Add("Accept", navigation ? "text/html" : "application/json");
        return request;
    }

    [Fact]
    public async Task MinimalApi_BearerToken_200WithAuthObject()
    {
        var token = Issuer.MintSessionToken(new TestTokenOptions { UserId = "user_42", OrganizationId = "org_1", OrganizationRole = "admin" });
        using var response = await _http.SendAsync(Get("/api/me", bearer: token));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"userId\":\"user_42\"", body);
        Assert.Contains("\"organizationRole\":\"org:admin\"", body);
        Assert.Contains("\"name\":\"user_42\"", body);
    }

    [Fact]
    public async Task MinimalApi_SameOriginCookie_200()
    {
        var token = Issuer.MintSessionToken();
        using var response = await _http.SendAsync(Get("/api/me", cookie: Issuer.CookieHeader(token)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task MinimalApi_NoCredential_401WithReasonInWwwAuthenticate()
    {
        using var response = await _http.SendAsync(Get("/api/me", cookie: "__clerk_db_jwt=dvb"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer error_description=\"session-token-and-uat-missing\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("signed-out", response.Headers.GetValues("x-clerk-auth-status").Single());
    }

    [Fact]
    public async Task MinimalApi_ExpiredBearerOnFetch_401InvalidTokenNoRedirect()
    {
        var token = Issuer.MintSessionToken(new TestTokenOptions { IssuedAt = Issuer.Clock.GetUtcNow().AddMinutes(-2) });
        using var response = await _http.SendAsync(Get("/api/me", bearer: token));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer error=\"invalid_token\", error_description=\"session-token-expired-refresh-non-eligible-no-refresh-cookie\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Navigation_StaleCookies_307HandshakeAnsweredByHandler()
    {
        using var response = await _http.SendAsync(Get("/page", cookie: $"__client_uat={Issuer.Clock.GetUtcNow().ToUnixTimeSeconds()}; __clerk_db_jwt=dvb", navigation: true));
        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.StartsWith("http://127.0.0.1:5100/v1/client/handshake?redirect_url=", response.Headers.Location!.AbsoluteUri);
        Assert.True(response.Headers.CacheControl!.NoStore);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__clerk_redirect_count=1", StringComparison.Ordinal));
        Assert.Equal("handshake", response.Headers.GetValues("x-clerk-auth-status").Single());
    }

    [Fact]
    public async Task Navigation_PublicEndpointStaleCookies_AlsoRedirectedInDefaultMode()
    {
        using var response = await _http.SendAsync(Get("/public", cookie: $"__client_uat={Issuer.Clock.GetUtcNow().ToUnixTimeSeconds()}; __clerk_db_jwt=dvb", navigation: true));
        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
    }

    [Fact]
    public async Task Policy_RoleMissing_403NotChallenged()
    {
        var token = Issuer.MintSessionToken(new TestTokenOptions { OrganizationId = "org_1", OrganizationRole = "member" });
        using var response = await _http.SendAsync(Get("/api/admin", bearer: token));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Policy_RolePresent_200()
    {
        var token = Issuer.MintSessionToken(new TestTokenOptions { OrganizationId = "org_1", OrganizationRole = "admin" });
        using var response = await _http.SendAsync(Get("/api/admin", bearer: token));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Policy_PermissionPresentV2Claims_200AndMissing403()
    {
        var granted = Issuer.MintSessionToken(new TestTokenOptions { OrganizationId = "org_1", OrganizationRole = "member", OrganizationPermissions = { "org:invoices:read" } });
        var denied = Issuer.MintSessionToken(new TestTokenOptions { OrganizationId = "org_1", OrganizationRole = "member", OrganizationPermissions = { "org:invoices:write" } });
        using var ok = await _http.SendAsync(Get("/api/invoices", bearer: granted));
        using var forbidden = await _http.SendAsync(Get("/api/invoices", bearer: denied));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task Mvc_AuthorizeAttribute_SignedIn200SignedOut401Forbidden403()
    {
        var member = Issuer.MintSessionToken(new TestTokenOptions { UserId = "user_7", OrganizationId = "org_1", OrganizationRole = "member" });
        using var ok = await _http.SendAsync(Get("/mvc/profile", bearer: member));
        using var unauthorized = await _http.SendAsync(Get("/mvc/profile"));
        using var forbidden = await _http.SendAsync(Get("/mvc/profile/admin", bearer: member));
        using var role = await _http.SendAsync(Get("/mvc/profile/role", bearer: member));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains("user_7", await ok.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, role.StatusCode);
    }

    [Fact]
    public async Task Cors_CrossOriginBearer_ExposesAuthHeaders()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/me");
        preflight.Headers.Add("Origin", SampleApp.CorsOrigin);
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization");
        using var pre = await _http.SendAsync(preflight);
        Assert.Equal(SampleApp.CorsOrigin, pre.Headers.GetValues("Access-Control-Allow-Origin").Single());

        var request = Get("/api/me", bearer: "not.a.token");
        request.Headers.Add("Origin", SampleApp.CorsOrigin);
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var exposed = string.Join(",", response.Headers.GetValues("Access-Control-Expose-Headers"));
        Assert.Contains("WWW-Authenticate", exposed);
        Assert.Contains("x-clerk-auth-reason", exposed);
        Assert.Equal("token-invalid", response.Headers.GetValues("x-clerk-auth-reason").Single());
    }

    [Fact]
    [Covers("session-pending")]
    public async Task PendingSession_TreatedAsSignedOut401()
    {
        var token = Issuer.MintSessionToken(new TestTokenOptions { SessionStatus = "pending" });
        using var response = await _http.SendAsync(Get("/api/me", bearer: token));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("session-pending", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task GetTokenAsync_WithoutOptions_ReturnsRequestToken()
    {
        var token = Issuer.MintSessionToken();
        using var response = await _http.SendAsync(Get("/api/token", bearer: token));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(token, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PublicEndpoint_SignedOutFetch_200WithReason()
    {
        using var response = await _http.SendAsync(Get("/public", bearer: "x"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("token-invalid", await response.Content.ReadAsStringAsync());
    }
}
