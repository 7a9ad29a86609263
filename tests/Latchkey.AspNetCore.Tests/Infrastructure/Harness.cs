using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Latchkey.Testing;

namespace Latchkey.AspNetCore.Tests.Infrastructure;

/// <summary>
/// Classifies requests against a <see cref="TestIssuer"/> in networkless mode at the issuer's
/// frozen clock. Requests go to the app origin <see cref="AppOrigin"/>.
/// </summary>
internal sealed class Harness : IDisposable
{
    public const string AppOrigin = "http://127.0.0.1:5200";

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(bool, string, string), TestIssuer> Issuers = new();

    /// <summary>Creates a harness; issuers (RSA keys) are shared per (instance type, URL, name) to keep tests fast. Never advance a shared clock.</summary>
    public Harness(bool production = false, Action<LatchkeyAuthenticationOptions>? configure = null, string frontendApiUrl = "http://127.0.0.1:5100", IRevocationSource? revocations = null, HttpClient? http = null, string issuerName = "main")
    {
        Issuer = Issuers.GetOrAdd((production, frontendApiUrl, issuerName), k => new TestIssuer(k.Item2, k.Item1));
        Options = new LatchkeyAuthenticationOptions();
        Issuer.Configure(Options);
        configure?.Invoke(Options);
        Classifier = new LatchkeyRequestClassifier(Options, http, null, revocations);
    }

    public TestIssuer Issuer { get; }

    public LatchkeyAuthenticationOptions Options { get; }

    public LatchkeyRequestClassifier Classifier { get; }

    public DateTimeOffset Now => Issuer.Clock.GetUtcNow();

    public long NowSeconds => Now.ToUnixTimeSeconds();

    public string Suffix => Issuer.CookieSuffix;

    /// <summary>A page navigation's headers.</summary>
    public static (string, string)[] Navigation => [("Sec-Fetch-Dest", "document"), ("Accept", "text/html,application/xhtml+xml")];

    /// <summary>A fetch/XHR call's headers.</summary>
    public static (string, string)[] Fetch => [("Sec-Fetch-Dest", "empty"), ("Accept", "application/json")];

    public Task<LatchkeyRequestState> ClassifyAsync(string pathAndQuery = "/", string method = "GET", params (string Name, string Value)[] headers) =>
        Classifier.ClassifyAsync(
            new LatchkeyRequestDescription(method, new Uri(AppOrigin + pathAndQuery), headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value))),
            Now);

    public Task<LatchkeyRequestState> NavigateAsync(string cookie, string pathAndQuery = "/", params (string, string)[] extra) =>
        ClassifyAsync(pathAndQuery, "GET", [.. Navigation, ("Cookie", cookie), .. extra]);

    public Task<LatchkeyRequestState> FetchAsync(string cookie, string pathAndQuery = "/", string method = "GET") =>
        ClassifyAsync(pathAndQuery, method, [.. Fetch, ("Cookie", cookie)]);

    public Task<LatchkeyRequestState> BearerAsync(string token, string method = "GET") =>
        ClassifyAsync("/api", method, [.. Fetch, ("Authorization", "Bearer " + token)]);

    public string Token(Action<TestTokenOptions>? configure = null)
    {
        var options = new TestTokenOptions();
        configure?.Invoke(options);
        return Issuer.MintSessionToken(options);
    }

    /// <summary>The cookies of a signed-in development browser: session, uat (a second before the token), dev browser.</summary>
    public string Cookies(string token, long? uat = null, string? extra = null)
    {
        var cookie = $"__session={token}; __client_uat={uat ?? NowSeconds - 1}";
        if (!Issuer.PublishableKey.StartsWith("pk_live_", StringComparison.Ordinal))
        {
            cookie += "; __clerk_db_jwt=dvb_test";
        }

        return extra is null ? cookie : cookie + "; " + extra;
    }

    /// <summary>Signs an arbitrary header and payload with the issuer's key (RS256), for tokens the minter would refuse to make.</summary>
    public string HandBuilt(object header, object payload)
    {
        static string B64(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var h = B64(JsonSerializer.SerializeToUtf8Bytes(header));
        var p = B64(JsonSerializer.SerializeToUtf8Bytes(payload));
        using var rsa = RSA.Create();
        rsa.ImportFromPem(Issuer.SigningKey.ExportPkcs8Pem());
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(h + "." + p), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return h + "." + p + "." + B64(signature);
    }

    /// <summary>A standard payload at the frozen clock, as a dictionary to change.</summary>
    public Dictionary<string, object?> Payload(long? iat = null) => new()
    {
        ["sub"] = "user_test",
        ["sid"] = "sess_test",
        ["iss"] = Issuer.FrontendApiUrl,
        ["iat"] = iat ?? NowSeconds,
        ["nbf"] = (iat ?? NowSeconds) - 10,
        ["exp"] = (iat ?? NowSeconds) + 60,
    };

    public object Header(string alg = "RS256", string? cat = null, string? typ = "JWT") =>
        cat is null
            ? new Dictionary<string, object?> { ["alg"] = alg, ["kid"] = Issuer.Kid, ["typ"] = typ }.Where(kv => kv.Value is not null).ToDictionary()
            : new Dictionary<string, object?> { ["alg"] = alg, ["kid"] = Issuer.Kid, ["typ"] = typ, ["cat"] = cat }.Where(kv => kv.Value is not null).ToDictionary();

    public void Dispose()
    {
        // Shared issuers live for the test run.
    }
}
