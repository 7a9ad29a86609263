using System.Globalization;
using System.Text.Json;
using Latchkey.Tokens;

namespace Latchkey.Cli.Tests.Support;

/// <summary>
/// An app of the test instance for <c>latchkey request explain</c>: the Frontend API
/// <see cref="TestKeys.Issuer"/> (https://clerk.example.com, named by the publishable key), the app
/// origin <see cref="TestKeys.Origin"/>, the instance key <see cref="TestKeys.Rsa"/> as jwtKey;
/// requests as JSON, options files, and <c>--now</c> values in milliseconds around
/// <see cref="TestKeys.Now"/>, when every test token is issued.
/// </summary>
internal static class ExplainSetup
{
    public const string App = TestKeys.Origin;

    public static string DevelopmentKey { get; } = PublishableKey.Create("clerk.example.com", InstanceType.Development).Value;

    public static string ProductionKey { get; } = PublishableKey.Create("clerk.example.com", InstanceType.Production).Value;

    /// <summary>A page navigation's headers.</summary>
    public static (string, string)[] Navigation => [("Sec-Fetch-Dest", "document"), ("Accept", "text/html,application/xhtml+xml")];

    /// <summary>A fetch/XHR call's headers.</summary>
    public static (string, string)[] Fetch => [("Sec-Fetch-Dest", "empty"), ("Accept", "application/json")];

    /// <summary>The options of the app as a dictionary (change it, then <see cref="OptionsFile"/>).</summary>
    public static Dictionary<string, object?> Options(bool production = false, string? apiUrl = null, bool networkless = true) => new()
    {
        ["publishableKey"] = production ? ProductionKey : DevelopmentKey,
        ["secretKey"] = production ? "sk_live_explain_tests" : "sk_test_explain_tests",
        ["jwtKey"] = networkless ? TestKeys.Rsa.PublicKey.ExportSpkiPem() : null,
        ["apiUrl"] = apiUrl,
        ["authorizedParties"] = new[] { App },
    };

    public static string OptionsFile(Dictionary<string, object?>? options = null) =>
        KeyFiles.Write("options.json", JsonSerializer.Serialize(options ?? Options()));

    /// <summary>A request document.</summary>
    public static string Request(string path = "/", string method = "GET", params (string Name, string Value)[] headers) =>
        JsonSerializer.Serialize(RequestObject(path, method, headers));

    public static Dictionary<string, object> RequestObject(string path = "/", string method = "GET", params (string Name, string Value)[] headers) => new()
    {
        ["method"] = method,
        ["url"] = App + path,
        ["headers"] = headers.GroupBy(h => h.Name).ToDictionary(g => g.Key, g => g.Count() == 1 ? (object)g.Single().Value : g.Select(h => h.Value).ToArray()),
    };

    public static string RequestFile(string path = "/", string method = "GET", params (string Name, string Value)[] headers) =>
        KeyFiles.Write("request.json", Request(path, method, headers));

    /// <summary>The cookies of a signed-in development browser: session, uat (at the issue time), dev browser.</summary>
    public static string Cookies(string token, long? uat = null, bool devBrowser = true) =>
        $"__session={token}; __client_uat={uat ?? TestKeys.NowSeconds}" + (devBrowser ? "; __clerk_db_jwt=dvb_test" : "");

    /// <summary><c>--now</c> in milliseconds, <paramref name="offsetMilliseconds"/> after the issue time.</summary>
    public static string Now(long offsetMilliseconds = 0) =>
        (TestKeys.NowSeconds * 1000 + offsetMilliseconds).ToString(CultureInfo.InvariantCulture);

    /// <summary><c>request explain &lt;request file&gt; --options &lt;file&gt; --now &lt;ms&gt;</c> plus <paramref name="extra"/>.</summary>
    public static string[] Args(string requestFile, string? optionsFile = null, long nowOffsetMilliseconds = 10_000, params string[] extra) =>
        ["request", "explain", requestFile, "--options", optionsFile ?? OptionsFile(), "--now", Now(nowOffsetMilliseconds), .. extra];

    /// <summary>Explains one request described by path, method and headers, with the default options.</summary>
    public static Task<CliRun> ExplainAsync(string path, string method, (string, string)[] headers, long nowOffsetMilliseconds = 10_000, string? optionsFile = null, params string[] extra) =>
        Tool.RunAsync(Args(RequestFile(path, method, headers), optionsFile, nowOffsetMilliseconds, extra));

    /// <summary>A token signed by the instance key: the standard payload of <see cref="TestKeys.Payload"/>, or <paramref name="payload"/>.</summary>
    public static string SessionToken(string? payload = null) => TestKeys.Forge(TestKeys.Header(), payload ?? TestKeys.Payload());
}
