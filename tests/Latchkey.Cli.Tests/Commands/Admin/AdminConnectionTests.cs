using System.Text.Json;
using Latchkey.Cli.Tests.Support;

namespace Latchkey.Cli.Tests.Commands.Admin;

/// <summary>How operator commands find the server and the key, and the exit codes scripts rely on: 0 done, 1 API error, 2 usage.</summary>
public sealed class AdminConnectionTests(AdminServer server) : IClassFixture<AdminServer>
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    [Fact]
    public async Task KeyAndUrlFromEnvironment_AreUsed()
    {
        CliRun run = await Tool.RunWithEnvironmentAsync(server.Environment, null, "instance", "keys");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(server.PublishableKey, run.Stdout);
    }

    [Fact]
    public async Task KeyAndUrlOptions_WinOverTheEnvironment()
    {
        var misleading = new Dictionary<string, string> { ["LATCHKEY_SECRET_KEY"] = "sk_test_" + new string('Q', 48), ["LATCHKEY_API_URL"] = "http://127.0.0.1:1" };

        CliRun run = await Tool.RunWithEnvironmentAsync(misleading, null, "instance", "keys", "--api-url", server.Url, "--secret-key", server.SecretKey);

        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public async Task NoSecretKey_IsUsageError2_NamingTheVariable()
    {
        CliRun run = await Tool.RunWithEnvironmentAsync(NoEnvironment, null, "users", "list", "--api-url", server.Url);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains("LATCHKEY_SECRET_KEY", run.Stderr);
    }

    [Theory]
    [InlineData("pk_test_MTI3LjAuMC4xJA")]
    [InlineData("sk_test_short")]
    [InlineData("Bearer sk_test_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task MalformedSecretKey_IsUsageError2_WithoutEchoingIt(string key)
    {
        CliRun run = await Tool.RunWithEnvironmentAsync(NoEnvironment, null, "users", "list", "--api-url", server.Url, "--secret-key", key);

        Assert.Equal(2, run.ExitCode);
        Assert.DoesNotContain(key, run.Stderr);
        Assert.Contains("sk_test_ or sk_live_", run.Stderr);
    }

    [Fact]
    public async Task WrongSecretKey_IsApiError1_WithTheCode()
    {
        var wrong = "sk_test_" + new string('W', 48);

        CliRun text = await Tool.RunWithEnvironmentAsync(NoEnvironment, null, "users", "list", "--api-url", server.Url, "--secret-key", wrong);
        CliRun json = await Tool.RunWithEnvironmentAsync(NoEnvironment, null, "users", "list", "--api-url", server.Url, "--secret-key", wrong, "--json");

        Assert.Equal(1, text.ExitCode);
        Assert.Contains("401 clerk_key_invalid", text.Stderr);
        Assert.DoesNotContain(wrong, text.Stderr);
        Assert.Equal("", text.Stdout);
        Assert.Equal(1, json.ExitCode);
        JsonElement error = json.Json().GetProperty("error");
        Assert.Equal(401, error.GetProperty("status").GetInt32());
        Assert.Equal("clerk_key_invalid", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task ProblemDetailsOfAdminEndpoints_AreReportedWithTheirCode()
    {
        CliRun run = await Tool.RunWithEnvironmentAsync(server.Environment, null, "secret-keys", "revoke", "sk_doesnotexist");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("404 secret_key_not_found", run.Stderr);
    }

    [Fact]
    public async Task UnreachableServer_IsApiError1_SayingSo()
    {
        var environment = new Dictionary<string, string>(server.Environment) { ["LATCHKEY_API_URL"] = $"http://127.0.0.1:{AdminServer.FreePort()}" };

        CliRun run = await Tool.RunWithEnvironmentAsync(environment, null, "sessions", "list");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("cannot reach the Latchkey server", run.Stderr);
    }

    [Theory]
    [InlineData("127.0.0.1:5100")]
    [InlineData("ftp://127.0.0.1:5100")]
    [InlineData("http://127.0.0.1:5100/?x=1")]
    public async Task BadApiUrl_IsUsageError2(string url)
    {
        CliRun run = await Tool.RunWithEnvironmentAsync(server.Environment, null, "users", "list", "--api-url", url);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--api-url", run.Stderr);
    }

    [Theory]
    [InlineData("users", "list", "--limit", "0")]
    [InlineData("users", "list", "--limit", "501")]
    [InlineData("users", "list", "--offset", "-1")]
    [InlineData("sessions", "list", "--status", "sleeping")]
    [InlineData("users", "create", "--email", "a@example.com")]
    [InlineData("users", "ban")]
    [InlineData("secret-keys", "frobnicate")]
    public async Task BadOptions_AreUsageError2(params string[] args)
    {
        CliRun run = await Tool.RunWithEnvironmentAsync(server.Environment, null, args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public async Task RealProcess_KeyFromEnvironment_ListsSecretKeys()
    {
        var environment = new Dictionary<string, string>(server.Environment);

        CliRun run = await ToolProcess.RunAsync(null, null, environment, "secret-keys", "list");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("bootstrap", run.Stdout);
    }
}
