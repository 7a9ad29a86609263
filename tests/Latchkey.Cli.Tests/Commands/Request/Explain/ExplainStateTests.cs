using System.Text.Json;
using Latchkey.Cli.Tests.Support;
using Latchkey.Tokens;
using static Latchkey.Cli.Tests.Support.ExplainSetup;

namespace Latchkey.Cli.Tests.Commands.Request.Explain;

/// <summary>
/// One request for each state, classified by the package's classifier through the tool: signed in
/// by header and by cookie, signed out for several reasons (with the 401 and its
/// <c>WWW-Authenticate</c>), handshake (with <c>Location</c>, <c>Cache-Control</c> and the counter
/// cookie), a pending session; text and JSON agree.
/// </summary>
public class ExplainStateTests
{
    [Fact]
    public async Task Explain_ValidBearerOnFetch_SignedInExitZero()
    {
        CliRun run = await ExplainAsync("/api/me", "GET", [.. Fetch, ("Authorization", "Bearer " + SessionToken())]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("SIGNED-IN\n  user user_1, session sess_1; session token from the Authorization header\n", run.Stdout);
        Assert.Contains("Response    the endpoint runs, signed in\n  (no headers)\n", run.Stdout);
        Assert.Contains("Token in the Authorization header (verified: the request is signed in with it)", run.Stdout);
        Assert.Contains("Network     none\n", run.Stdout);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public async Task Explain_ValidCookieOnNavigation_SignedInExitZero()
    {
        CliRun run = await ExplainAsync("/dashboard", "GET", [.. Navigation, ("Cookie", Cookies(SessionToken()))], extra: "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        JsonElement json = run.Json();
        Assert.Equal("signed-in", json.GetProperty("status").GetString());
        Assert.True(json.GetProperty("signedIn").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("statusCode").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("reason").ValueKind);
        JsonElement token = json.GetProperty("tokens").EnumerateArray().Single();
        Assert.Equal("cookie __session", token.GetProperty("source").GetString());
        Assert.True(token.GetProperty("verified").GetBoolean());
        Assert.Equal("user_1", token.GetProperty("claims").GetProperty("sub").GetString());
    }

    [Fact]
    public async Task Explain_NoCredentialOnFetch_SignedOut401WithoutErrorCode()
    {
        CliRun run = await ExplainAsync("/api/me", "GET", [.. Fetch, ("Cookie", "__clerk_db_jwt=dvb_test")]);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("SIGNED-OUT: session-token-and-uat-missing\n", run.Stdout);
        Assert.Contains("  Do:   Sign in.", run.Stdout);
        Assert.Contains("Response    401 Unauthorized from an endpoint that requires authorization", run.Stdout);
        Assert.Contains("  WWW-Authenticate: Bearer error_description=\"session-token-and-uat-missing\"\n", run.Stdout);
        Assert.Contains("  x-clerk-auth-status: signed-out\n", run.Stdout);
        Assert.DoesNotContain("Token in", run.Stdout);
    }

    [Fact]
    public async Task Explain_ExpiredBearerOnFetch_CompositeReasonAnd401InvalidToken()
    {
        CliRun run = await ExplainAsync("/api/me", "GET", [.. Fetch, ("Authorization", "Bearer " + SessionToken())], nowOffsetMilliseconds: 115_000, extra: "--json");

        Assert.Equal(1, run.ExitCode);
        JsonElement json = run.Json();
        Assert.Equal("signed-out", json.GetProperty("status").GetString());
        Assert.Equal("session-token-expired-refresh-non-eligible-no-refresh-cookie", json.GetProperty("reason").GetString());
        Assert.Equal(401, json.GetProperty("statusCode").GetInt32());
        Assert.Equal(
            "Bearer error=\"invalid_token\", error_description=\"session-token-expired-refresh-non-eligible-no-refresh-cookie\"",
            json.GetProperty("headers").GetProperty("WWW-Authenticate")[0].GetString());
        Assert.Equal("The session token expired; no __refresh cookie, so no server-side refresh was tried (the usual case).", json.GetProperty("explanation").GetString());
        JsonElement token = json.GetProperty("tokens")[0];
        Assert.False(token.GetProperty("verified").GetBoolean());
        Assert.Equal("expired 55 s ago", token.GetProperty("times").GetProperty("exp").GetProperty("description").GetString());
    }

    [Fact]
    public async Task Explain_TokenForAnotherApp_AuthorizedPartiesReasonAndAdviceInOptionNames()
    {
        string token = SessionToken(TestKeys.Payload().Replace(App, "https://evil.example", StringComparison.Ordinal));

        CliRun run = await ExplainAsync("/api/me", "GET", [.. Fetch, ("Authorization", "Bearer " + token)]);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("SIGNED-OUT: token-invalid-authorized-parties\n", run.Stdout);
        Assert.Contains("  Do:   Add the app's exact origin (scheme, host and port, e.g. http://127.0.0.1:5200) to authorizedParties.\n", run.Stdout);
        Assert.Contains("Token in the Authorization header (UNVERIFIED", run.Stdout);
        Assert.Contains("\"azp\": \"https://evil.example\"", run.Stdout);
    }

    [Fact]
    public async Task Explain_FrontendApiUrlOfAnotherInstance_InvalidIssuer()
    {
        Dictionary<string, object?> options = Options();
        options["frontendApiUrl"] = "http://127.0.0.1:5100";

        CliRun run = await ExplainAsync("/api/me", "GET", [.. Fetch, ("Authorization", "Bearer " + SessionToken())], optionsFile: OptionsFile(options));

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("SIGNED-OUT: token-invalid-issuer\n", run.Stdout);
        Assert.Contains("Set frontendApiUrl to the URL in the token's iss", run.Stdout);
        Assert.Contains("Instance    development, Frontend API http://127.0.0.1:5100; keys: jwtKey (networkless)", run.Stdout);
    }

    [Fact]
    public async Task Explain_TokenSignedByAnotherKey_InvalidSignature()
    {
        string token = TestKeys.Forge(TestKeys.Header(), TestKeys.Payload(), TestKeys.OtherWithSameKid);

        CliRun run = await ExplainAsync("/api/me", "GET", [.. Fetch, ("Authorization", "Bearer " + token)], extra: "--json");

        Assert.Equal("token-invalid-signature", run.Json().GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Explain_TemplateTokenAsBearer_TokenTypeMismatch()
    {
        string token = TestKeys.Mint(category: TokenCategories.Template);

        CliRun run = await ExplainAsync("/api/me", "GET", [.. Fetch, ("Authorization", "Bearer " + token)], extra: "--json");

        Assert.Equal("token-type-mismatch", run.Json().GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Explain_UatWithoutSessionOnNavigation_HandshakeWithRedirectHeaders()
    {
        CliRun run = await ExplainAsync("/dashboard?tab=1", "GET", [.. Navigation, ("Cookie", $"__client_uat={TestKeys.NowSeconds}; __clerk_db_jwt=dvb_test")]);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("HANDSHAKE: client-uat-but-no-session-token\n", run.Stdout);
        Assert.Contains("Response    307 Temporary Redirect, answered by the handler while authenticating\n", run.Stdout);
        Assert.Contains("  Location: https://clerk.example.com/v1/client/handshake?redirect_url=https%3A%2F%2Fexample.com%2Fdashboard%3Ftab%3D1&__clerk_api_version=", run.Stdout);
        Assert.Contains("&__clerk_hs_reason=client-uat-but-no-session-token&format=nonce&__clerk_db_jwt=dvb_test\n", run.Stdout);
        Assert.Contains("  Cache-Control: no-store\n", run.Stdout);
        Assert.Contains("  Set-Cookie: __clerk_redirect_count=1; SameSite=Lax; HttpOnly; Max-Age=2\n", run.Stdout);
        Assert.Contains("  x-clerk-auth-status: handshake\n", run.Stdout);
        Assert.Contains("Request     GET https://example.com/dashboard?tab=1: a page navigation (Sec-Fetch-Dest: document), so a handshake redirect is possible", run.Stdout);
        Assert.Contains("Cookies     __client_uat=1767225600 (2026-01-01T00:00:00Z); __clerk_db_jwt (8 characters)", run.Stdout);
    }

    [Fact]
    public async Task Explain_SameStaleCookiesOnFetch_SignedOutWithTheSameReasonAnd401()
    {
        CliRun run = await ExplainAsync("/api/me", "GET", [.. Fetch, ("Cookie", $"__client_uat={TestKeys.NowSeconds}; __clerk_db_jwt=dvb_test")], extra: "--json");

        JsonElement json = run.Json();
        Assert.Equal("signed-out", json.GetProperty("status").GetString());
        Assert.Equal("client-uat-but-no-session-token", json.GetProperty("reason").GetString());
        Assert.Equal(401, json.GetProperty("statusCode").GetInt32());
        Assert.False(json.GetProperty("headers").TryGetProperty("Location", out _));
        Assert.False(json.GetProperty("navigation").GetBoolean());
    }

    [Fact]
    public async Task Explain_DevelopmentNavigationWithoutDevBrowser_HandshakeDevBrowserMissing()
    {
        CliRun run = await ExplainAsync("/", "GET", [.. Navigation], extra: "--json");

        JsonElement json = run.Json();
        Assert.Equal("handshake", json.GetProperty("status").GetString());
        Assert.Equal("dev-browser-missing", json.GetProperty("reason").GetString());
        Assert.Equal(307, json.GetProperty("statusCode").GetInt32());
    }

    [Fact]
    public async Task Explain_TokenOlderThanClientUat_HandshakeIatBeforeClientUat()
    {
        CliRun run = await ExplainAsync("/", "GET", [.. Navigation, ("Cookie", Cookies(SessionToken(), uat: TestKeys.NowSeconds + 5))], extra: "--json");

        Assert.Equal("session-token-iat-before-client-uat", run.Json().GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Explain_RedirectLoopCounterAtThree_SignedOutInsteadOfAFourthRedirect()
    {
        CliRun run = await ExplainAsync("/", "GET", [.. Navigation, ("Cookie", $"__client_uat={TestKeys.NowSeconds}; __clerk_db_jwt=dvb; __clerk_redirect_count=3")], extra: "--json");

        JsonElement json = run.Json();
        Assert.Equal("signed-out", json.GetProperty("status").GetString());
        Assert.Equal("client-uat-but-no-session-token", json.GetProperty("reason").GetString());
        Assert.Equal(401, json.GetProperty("statusCode").GetInt32());
        Assert.Contains(json.GetProperty("log").EnumerateArray(), l => l.GetProperty("eventId").GetInt32() == 5004);
    }

    [Fact]
    public async Task Explain_PendingSession_SignedInButTheAppSeesSessionPending()
    {
        string token = SessionToken(TestKeys.Payload(",\"sts\":\"pending\""));

        CliRun run = await ExplainAsync("/api/me", "GET", [.. Fetch, ("Authorization", "Bearer " + token)]);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("SIGNED-IN, but the app sees SIGNED-OUT: session-pending\n", run.Stdout);
        Assert.Contains("  WWW-Authenticate: Bearer error=\"invalid_token\", error_description=\"session-pending\"\n", run.Stdout);
        Assert.Contains("set treatPendingAsSignedOut to false", run.Stdout);
    }

    [Fact]
    public async Task Explain_PendingSessionAllowedByOptions_SignedInExitZero()
    {
        Dictionary<string, object?> options = Options();
        options["treatPendingAsSignedOut"] = false;
        string token = SessionToken(TestKeys.Payload(",\"sts\":\"pending\""));

        CliRun run = await ExplainAsync("/api/me", "GET", [.. Fetch, ("Authorization", "Bearer " + token)], optionsFile: OptionsFile(options));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("SIGNED-IN\n", run.Stdout);
    }

    [Fact]
    public async Task Explain_DebugHeadersOff_OnlyTheChallengeIsSent()
    {
        Dictionary<string, object?> options = Options();
        options["debugHeaders"] = false;

        CliRun run = await ExplainAsync("/api/me", "GET", [.. Fetch, ("Authorization", "Bearer x")], optionsFile: OptionsFile(options), extra: "--json");

        JsonElement headers = run.Json().GetProperty("headers");
        Assert.Equal(["WWW-Authenticate"], headers.EnumerateObject().Select(p => p.Name));
        Assert.False(run.Json().GetProperty("debugHeadersAssumed").GetBoolean());
    }

    [Fact]
    public async Task Explain_HandshakeModeNever_StaleNavigationGets401NotARedirect()
    {
        Dictionary<string, object?> options = Options();
        options["handshakeMode"] = "never";

        CliRun run = await ExplainAsync("/", "GET", [.. Navigation, ("Cookie", $"__client_uat={TestKeys.NowSeconds}; __clerk_db_jwt=dvb")], optionsFile: OptionsFile(options), extra: "--json");

        JsonElement json = run.Json();
        Assert.Equal("handshake", json.GetProperty("status").GetString());
        Assert.Equal(401, json.GetProperty("statusCode").GetInt32());
        Assert.False(json.GetProperty("headers").TryGetProperty("Location", out _));
    }

    [Fact]
    public async Task Explain_ProductionInstanceWithoutDevBrowser_SignedInByCookie()
    {
        string options = OptionsFile(Options(production: true));

        CliRun run = await ExplainAsync("/", "GET", [.. Navigation, ("Cookie", Cookies(SessionToken(), devBrowser: false))], optionsFile: options);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Instance    production, Frontend API https://clerk.example.com; keys: jwtKey (networkless)", run.Stdout);
    }

    [Fact]
    public async Task Explain_TextAndJson_SameStateReasonAndHeaders()
    {
        string request = RequestFile("/", "GET", [.. Navigation, ("Cookie", $"__client_uat={TestKeys.NowSeconds}; __clerk_db_jwt=dvb")]);
        string options = OptionsFile();

        CliRun text = await Tool.RunAsync(Args(request, options));
        CliRun json = await Tool.RunAsync(Args(request, options, extra: "--json"));

        JsonElement parsed = json.Json();
        Assert.Equal(text.ExitCode, json.ExitCode);
        Assert.StartsWith($"{parsed.GetProperty("status").GetString()!.ToUpperInvariant()}: {parsed.GetProperty("reason").GetString()}\n", text.Stdout);
        foreach (JsonProperty header in parsed.GetProperty("headers").EnumerateObject())
        {
            foreach (JsonElement value in header.Value.EnumerateArray())
            {
                Assert.Contains($"  {header.Name}: {value.GetString()}\n", text.Stdout);
            }
        }
    }

    [Fact]
    public async Task Explain_AnyOutput_NeverShowsTheSecretKey()
    {
        (string, string)[] headers = [.. Navigation, ("Cookie", $"__client_uat={TestKeys.NowSeconds}; __clerk_db_jwt=dvb")];

        CliRun text = await ExplainAsync("/", "GET", headers);
        CliRun json = await ExplainAsync("/", "GET", headers, extra: "--json");

        Assert.DoesNotContain("sk_test_explain_tests", text.Stdout + text.Stderr);
        Assert.DoesNotContain("sk_test_explain_tests", json.Stdout + json.Stderr);
    }

    [Fact]
    public async Task Help_ForExplain_ListsEveryOptionAndExitsZero()
    {
        CliRun run = await Tool.RunAsync("request", "explain", "--help");

        Assert.Equal(0, run.ExitCode);
        foreach (string option in (string[])["<request>", "--options <file>", "--options-json <json>", "--now <unix-ms>", "--json", "--batch"])
        {
            Assert.Contains(option, run.Stdout);
        }
    }
}
