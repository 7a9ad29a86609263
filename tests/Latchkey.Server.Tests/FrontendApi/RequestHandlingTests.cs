using System.Net;
using System.Text;
using Latchkey.Server.Tests.Infrastructure;

namespace Latchkey.Server.Tests.FrontendApi;

/// <summary>Malformed, oversized and wrong-type input on every kind of endpoint: a clear 4xx, never a 500, nothing written.</summary>
public abstract class RequestHandlingTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    private LatchkeyTestServer Server => fixture.Server;

    public static TheoryData<string> WriteEndpoints => new()
    {
        "v1/client/sign_ups",
        "v1/client/sign_ins",
        "v1/client/sign_ups/sua_x/attempt_verification",
        "v1/client/sign_ins/sia_x/attempt_first_factor",
        "v1/client/sessions/sess_x/tokens",
        "v1/client/sessions/sess_x/touch",
    };

    [Theory]
    [MemberData(nameof(WriteEndpoints))]
    public async Task Post_OversizedBody_Returns413AndClosesTheConnection(string path)
    {
        using var browser = Server.CreateClient();
        var body = new Dictionary<string, string> { ["identifier"] = new string('a', 70_000) };

        var response = await browser.PostAsync(path, body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.Status);
        Assert.Equal("request_body_too_large", response.ErrorCode);
        // The unread rest of the body is not drained: the connection ends with this answer, and
        // says so, so the client sends its next request on a new one.
        Assert.True(response.Headers.ConnectionClose);
    }

    [Theory]
    [MemberData(nameof(WriteEndpoints))]
    public async Task Post_MalformedJson_Returns400(string path)
    {
        using var browser = Server.CreateClient();

        var response = await browser.SendAsync(HttpMethod.Post, path, content: FrontendClient.Json("{\"identifier\": "));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("request_body_invalid", response.ErrorCode);
    }

    [Theory]
    [MemberData(nameof(WriteEndpoints))]
    public async Task Post_UnsupportedMediaType_Returns415(string path)
    {
        using var browser = Server.CreateClient();

        var response = await browser.SendAsync(HttpMethod.Post, path, content: new StringContent("<x/>", Encoding.UTF8, "application/xml"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.Status);
        Assert.Equal("unsupported_media_type", response.ErrorCode);
    }

    [Theory]
    [InlineData("[1,2]", "request_body_invalid")]
    [InlineData("{\"identifier\": {\"nested\": true}}", "form_param_format_invalid")]
    [InlineData("{\"identifier\": \"a\", \"identifier\": \"b\"}", "form_param_format_invalid")]
    [InlineData("{\"identifier\": 42, \"password\": true}", "form_password_incorrect")]
    public async Task CreateSignIn_JsonOfWrongShape_IsClearError(string json, string code)
    {
        using var browser = Server.CreateClient();

        var response = await browser.SendAsync(HttpMethod.Post, "v1/client/sign_ins", content: FrontendClient.Json(json));

        Assert.True((int)response.Status is >= 400 and < 500, response.Text);
        Assert.Equal(code, response.ErrorCode);
    }

    [Fact]
    public async Task CreateSignUp_JsonBody_IsAccepted()
    {
        using var browser = Server.CreateClient();

        var response = await browser.SendAsync(HttpMethod.Post, "v1/client/sign_ups", content: FrontendClient.Json($"{{\"email_address\":\"json-{Guid.NewGuid():N}@example.com\",\"first_name\":\"Jay\"}}"));

        response.EnsureStatus(HttpStatusCode.OK);
        Assert.Equal("Jay", response.Response.GetProperty("first_name").GetString());
    }

    [Fact]
    public async Task Post_RepeatedFormField_IsRefused()
    {
        using var browser = Server.CreateClient();

        var response = await browser.SendAsync(HttpMethod.Post, "v1/client/sign_ins", content: new StringContent("identifier=a&identifier=b", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal("form_param_format_invalid", response.ErrorCode);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("delete,put")]
    [InlineData("TRACE")]
    public async Task MethodOverride_Invalid_Returns400(string method)
    {
        using var browser = Server.CreateClient();

        var response = await browser.PostAsync("v1/client?_method=" + method);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("method_override_invalid", response.ErrorCode);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("https://evil.example.net")]
    [InlineData("http://127.0.0.1:5200/")]
    [InlineData("http://localhost:5200")]
    public async Task Post_FromDisallowedOrigin_Returns403AndCreatesNoClient(string origin)
    {
        using var browser = Server.CreateClient(origin: origin);

        var response = await browser.PostAsync("v1/client/sign_ups", new Dictionary<string, string> { ["email_address"] = "csrf@example.com" });

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("origin_invalid", response.ErrorCode);
        Assert.Null(browser.Cookie("__client"));
    }

    [Fact]
    public async Task Post_CrossSiteWithoutOrigin_Returns403()
    {
        using var browser = Server.CreateClient();
        browser.Origin = null;

        var response = await browser.SendAsync(HttpMethod.Post, "v1/client/sign_ins", new Dictionary<string, string> { ["identifier"] = "x@example.com" },
            configure: r => r.Headers.Add("Sec-Fetch-Site", "cross-site"));

        Assert.Equal("origin_invalid", response.ErrorCode);
    }

    [Fact]
    public async Task Preflight_AllowedOrigin_AllowsCredentials()
    {
        using var browser = Server.CreateClient();
        browser.Origin = null;

        var response = await browser.SendAsync(HttpMethod.Options, "v1/client/sessions/sess_x/tokens", configure: r =>
        {
            r.Headers.Add("Origin", "http://127.0.0.1:5300");
            r.Headers.Add("Access-Control-Request-Method", "POST");
        });

        Assert.Equal("http://127.0.0.1:5300", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", response.Headers.GetValues("Access-Control-Allow-Credentials").Single());
    }

    [Fact]
    public async Task Preflight_ForeignOrigin_GetsNoCorsHeaders()
    {
        using var browser = Server.CreateClient();
        browser.Origin = null;

        var response = await browser.SendAsync(HttpMethod.Options, "v1/client", configure: r =>
        {
            r.Headers.Add("Origin", "https://evil.example.net");
            r.Headers.Add("Access-Control-Request-Method", "POST");
        });

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task ClientLifecycle_GetPutDelete_Works()
    {
        using var browser = Server.CreateClient();

        var none = await browser.GetAsync("v1/client");
        var created = await browser.PostAsync("v1/client?_method=PUT");
        var read = await browser.GetAsync("v1/client");
        var deleted = await browser.PostAsync("v1/client?_method=DELETE");
        var after = await browser.GetAsync("v1/client");

        Assert.Equal(System.Text.Json.JsonValueKind.Null, none.EnsureStatus(HttpStatusCode.OK).Response.ValueKind);
        var id = created.EnsureStatus(HttpStatusCode.OK).Response.GetProperty("id").GetString();
        Assert.StartsWith("client_", id, StringComparison.Ordinal);
        Assert.Equal(id, read.Response.GetProperty("id").GetString());
        deleted.EnsureStatus(HttpStatusCode.OK);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, after.Response.ValueKind);
    }

    [Fact]
    public async Task UnknownDevBrowser_Returns401DevBrowserUnauthenticated()
    {
        using var browser = Server.CreateClient();

        var response = await browser.GetAsync("v1/client?__clerk_db_jwt=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("dev_browser_unauthenticated", response.ErrorCode);
    }

    [Fact]
    public async Task Environment_DescribesInstance()
    {
        using var browser = Server.CreateClient();

        var response = await browser.GetAsync("v1/environment");

        var body = response.EnsureStatus(HttpStatusCode.OK).Body;
        Assert.Equal("environment", body.GetProperty("object").GetString());
        Assert.Equal("development", body.GetProperty("display_config").GetProperty("instance_environment_type").GetString());
        Assert.False(body.GetProperty("auth_config").GetProperty("single_session_mode").GetBoolean());
    }
}

public sealed class RequestHandlingSqliteTests(SqliteServerFixture fixture) : RequestHandlingTests<SqliteServerFixture>(fixture);

public sealed class RequestHandlingPostgresTests(PostgresServerFixture fixture) : RequestHandlingTests<PostgresServerFixture>(fixture);
