using System.Net;
using System.Text.Json;
using Latchkey.Server.Tests.Infrastructure;

namespace Latchkey.Server.Tests.Scripts;

/// <summary>
/// <c>GET /npm/latchkey.js</c> serves the SDK's script-tag build from the web root (copied there
/// by the SDK's npm build and scripts/build-js.sh) and says how to install it when it is missing.
/// Storage plays no part, so these run on SQLite only.
/// </summary>
public sealed class ScriptBundleTests : IDisposable
{
    private readonly string _webRoot = Path.Combine(Path.GetTempPath(), "latchkey-tests", "webroot-" + Guid.NewGuid().ToString("N"));

    public ScriptBundleTests() => Directory.CreateDirectory(_webRoot);

    public void Dispose() => Directory.Delete(_webRoot, recursive: true);

    [Fact]
    public async Task Get_BundleInWebRoot_ServesItAsJavaScriptWithRevalidation()
    {
        const string script = "(()=>{window.Latchkey={};})();";
        Directory.CreateDirectory(Path.Combine(_webRoot, "npm"));
        await File.WriteAllTextAsync(Path.Combine(_webRoot, "npm", "latchkey.js"), script);
        await using var server = await StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await http.GetAsync("npm/latchkey.js");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(script, body);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task Get_WithMatchingETag_AnswersNotModified()
    {
        Directory.CreateDirectory(Path.Combine(_webRoot, "npm"));
        await File.WriteAllTextAsync(Path.Combine(_webRoot, "npm", "latchkey.js"), "void 0;");
        await using var server = await StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var first = await http.GetAsync("npm/latchkey.js");

        using var request = new HttpRequestMessage(HttpMethod.Get, "npm/latchkey.js");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task Get_BundleMissing_Answers404WithStableCode()
    {
        await using var server = await StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await http.GetAsync("npm/latchkey.js");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("script_bundle_missing", problem.RootElement.GetProperty("code").GetString());
    }

    private Task<LatchkeyTestServer> StartAsync() =>
        LatchkeyTestServer.StartAsync(TestDatabaseKind.Sqlite, new Dictionary<string, string?> { ["webroot"] = _webRoot });
}
