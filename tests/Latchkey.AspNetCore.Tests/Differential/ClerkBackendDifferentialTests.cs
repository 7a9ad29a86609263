using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Latchkey.Testing;

namespace Latchkey.AspNetCore.Tests.Differential;

/// <summary>
/// The differential test against the official npm <c>@clerk/backend</c> pinned at 3.25.0: at least
/// 300 generated requests through this package's classifier and through <c>authenticateRequest</c>
/// (node, networkless with <c>jwtKey</c>, frozen clock); the status and reason must agree except
/// where an exemption rule applies, and then Latchkey must answer what the rule says.
/// </summary>
public sealed class ClerkBackendDifferentialTests
{
    private static readonly string Root = FindRoot();
    private static readonly string Folder = Path.Combine(Root, "tests", "Latchkey.AspNetCore.Tests", "differential");

    /// <summary>A closed port: both implementations see a dead Backend API (handshake nonce, refresh).</summary>
    private const string DeadApiUrl = "http://127.0.0.1:9";

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Latchkey.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }

    private static string HandBuilt(TestIssuer issuer, object header, object payload)
    {
        static string B64(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var h = B64(JsonSerializer.SerializeToUtf8Bytes(header));
        var p = B64(JsonSerializer.SerializeToUtf8Bytes(payload));
        using var rsa = RSA.Create();
        rsa.ImportFromPem(issuer.SigningKey.ExportPkcs8Pem());
        return h + "." + p + "." + B64(rsa.SignData(Encoding.ASCII.GetBytes(h + "." + p), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    private static Dictionary<string, object?> ProtocolOptions(TestIssuer issuer) => new()
    {
        ["publishableKey"] = issuer.PublishableKey,
        ["secretKey"] = issuer.SecretKey,
        ["jwtKey"] = issuer.PublicKeyPem,
        ["apiUrl"] = DeadApiUrl,
        ["issuer"] = DifferentialCases.FrontendApiUrl,
    };

    [Fact]
    public async Task Differential_GeneratedRequests_SameStatusAndReasonAsClerkBackend()
    {
        using var dev = new TestIssuer(DifferentialCases.FrontendApiUrl, production: false);
        using var prod = new TestIssuer(DifferentialCases.FrontendApiUrl, production: true);
        var cases = DifferentialCases.Generate(dev, prod, HandBuilt);
        Assert.True(cases.Count >= 300, $"only {cases.Count} cases");

        var rules = ExemptionRule.Load(Path.Combine(Folder, "exemptions.json")).ToDictionary(r => r.Rule);
        var latchkey = await ClassifyWithLatchkeyAsync(dev, prod, cases);
        var clerk = RunClerk(cases.Select(c => new
        {
            id = c.Id,
            request = new { method = c.Method, url = c.Url, headers = c.Headers },
            options = ProtocolOptions(c.Production ? prod : dev),
            now = c.NowMs,
        }));

        var failures = new List<string>();
        foreach (var c in cases)
        {
            var ours = latchkey[c.Id];
            var theirs = clerk[c.Id];
            if (c.Exempt is not null)
            {
                var rule = rules[c.Exempt];
                if (ours.Status != rule.Latchkey.Status || ours.Reason != rule.Latchkey.Reason)
                {
                    failures.Add($"{c.Id} [{c.Exempt}]: latchkey {ours.Status}/{ours.Reason}, rule says {rule.Latchkey.Status}/{rule.Latchkey.Reason}");
                }

                continue;
            }

            if (ours.Status != theirs.Status || ours.Reason != theirs.Reason)
            {
                failures.Add($"{c.Id}: latchkey {ours.Status}/{ours.Reason}, clerk {theirs.Status}/{theirs.Reason}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} cases differ:\n" + string.Join("\n", failures));
        Assert.All(rules.Keys, rule => Assert.Contains(cases, c => c.Exempt == rule));
    }

    [Fact]
    public void CompatibilityDoc_RenderedFromExemptions_IsCurrent()
    {
        var rules = ExemptionRule.Load(Path.Combine(Folder, "exemptions.json"));
        var expected = ExemptionRule.Render(rules);
        var path = Path.Combine(Root, "docs", "compatibility.md");
        if (Environment.GetEnvironmentVariable("LATCHKEY_WRITE_DOCS") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.True(File.Exists(path), "docs/compatibility.md is missing; run the tests with LATCHKEY_WRITE_DOCS=1");
        Assert.Equal(expected, File.ReadAllText(path));
    }

    private static async Task<Dictionary<string, ExpectedState>> ClassifyWithLatchkeyAsync(TestIssuer dev, TestIssuer prod, List<DifferentialCase> cases)
    {
        LatchkeyRequestClassifier Build(TestIssuer issuer)
        {
            var options = new LatchkeyAuthenticationOptions();
            issuer.Configure(options);
            options.ApiUrl = DeadApiUrl;
            options.BackendApiTimeout = TimeSpan.FromSeconds(2);
            return new LatchkeyRequestClassifier(options);
        }

        var devClassifier = Build(dev);
        var prodClassifier = Build(prod);
        var results = new Dictionary<string, ExpectedState>();
        foreach (var c in cases)
        {
            var request = new LatchkeyRequestDescription(c.Method, new Uri(c.Url), c.Headers);
            var state = await (c.Production ? prodClassifier : devClassifier).ClassifyAsync(request, DateTimeOffset.FromUnixTimeMilliseconds(c.NowMs));
            results[c.Id] = new ExpectedState(state.StatusText, state.Reason);
        }

        return results;
    }

    private static Dictionary<string, ExpectedState> RunClerk(IEnumerable<object> inputs)
    {
        Assert.True(Directory.Exists(Path.Combine(Folder, "node_modules", "@clerk", "backend")),
            "npm packages missing: run scripts/setup.sh (npm ci in tests/Latchkey.AspNetCore.Tests/differential)");
        var start = new ProcessStartInfo("node", "harness.mjs")
        {
            WorkingDirectory = Folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        foreach (var input in inputs)
        {
            process.StandardInput.WriteLine(JsonSerializer.Serialize(input));
        }

        process.StandardInput.Close();
        Assert.True(process.WaitForExit(120_000), "node harness timed out");
        Assert.True(process.ExitCode == 0, "node harness failed: " + stderr.Result);
        var results = new Dictionary<string, ExpectedState>();
        foreach (var line in stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            results[root.GetProperty("id").GetString()!] = new ExpectedState(root.GetProperty("status").GetString()!, root.GetProperty("reason").GetString());
        }

        return results;
    }
}
