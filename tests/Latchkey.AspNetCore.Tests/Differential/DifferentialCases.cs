using Latchkey.Testing;

namespace Latchkey.AspNetCore.Tests.Differential;

/// <summary>One generated request: what both implementations get, and the exemption rule it falls under (if any).</summary>
internal sealed record DifferentialCase(string Id, bool Production, string Method, string Url, Dictionary<string, string> Headers, long NowMs, string? Exempt);

/// <summary>
/// Generates the differential cases deterministically: instance type × request kind × credential
/// scenario × moment (around the expiry boundary). Tokens are minted by Latchkey.Tokens (through
/// the test issuer) or hand-built.
/// </summary>
internal static class DifferentialCases
{
    public const string AppOrigin = "https://app.example.test";
    public const string FrontendApiUrl = "https://clerk.example.test";

    /// <summary>Offsets of "now" from the tokens' iat, in ms: fresh, last valid millisecond, first expired millisecond.</summary>
    private static readonly long[] Offsets = [0, 64_999, 65_000];

    public static List<DifferentialCase> Generate(TestIssuer dev, TestIssuer prod, Func<TestIssuer, object, object, string> handBuilt)
    {
        var cases = new List<DifferentialCase>();
        foreach (var production in new[] { false, true })
        {
            var issuer = production ? prod : dev;
            var t0 = issuer.Clock.GetUtcNow();
            var s0 = t0.ToUnixTimeSeconds();
            var db = production ? string.Empty : "; __clerk_db_jwt=dvb_1";
            var sfx = issuer.CookieSuffix;
            string Mint(Action<TestTokenOptions>? c = null)
            {
                var o = new TestTokenOptions();
                c?.Invoke(o);
                return issuer.MintSessionToken(o);
            }

            Dictionary<string, object?> Payload(long iat) => new()
            {
                ["sub"] = "user_1", ["sid"] = "sess_1", ["iss"] = FrontendApiUrl, ["iat"] = iat, ["nbf"] = iat - 10, ["exp"] = iat + 60,
            };

            var fresh = Mint();
            var nbfFuture = handBuilt(issuer, Header(issuer), new Dictionary<string, object?>(Payload(s0)) { ["nbf"] = s0 + 30 });
            var iatFuture = Mint(o => o.IssuedAt = t0.AddSeconds(10));
            var template = handBuilt(issuer, Header(issuer, cat: "cl_B7d4PD222AAA"), Payload(s0));
            var machine = handBuilt(issuer, Header(issuer), new Dictionary<string, object?>(Payload(s0)) { ["sub"] = "mch_1" });
            var hs256 = handBuilt(issuer, Header(issuer, alg: "HS256"), Payload(s0));
            var noSub = handBuilt(issuer, Header(issuer), new Dictionary<string, object?>(Payload(s0)) { ["sub"] = null });
            var foreignIss = handBuilt(issuer, Header(issuer), new Dictionary<string, object?>(Payload(s0)) { ["iss"] = "https://clerk.other.test" });
            var badSig = fresh[..^8] + (fresh[^8] == 'A' ? "B" : "A") + fresh[^7..];
            var org = Mint(o => { o.OrganizationId = "org_1"; o.OrganizationSlug = "acme"; o.OrganizationRole = "admin"; });

            var scenarios = new List<(string Name, string? Cookie, string? Authorization, string Path, string? Exempt, (string, string)[] Extra)>
            {
                ("none", null, null, "/", null, []),
                ("db-only", "x=1" + db, null, "/", null, []),
                ("uat-only", $"__client_uat={s0 - 1}" + db, null, "/", null, []),
                ("uat-zero", "__client_uat=0" + db, null, "/", null, []),
                ("session-only", $"__session={fresh}" + db, null, "/", null, []),
                ("fresh", $"__session={fresh}; __client_uat={s0 - 1}" + db, null, "/", null, []),
                ("fresh-suffixed", $"__session_{sfx}={fresh}; __client_uat_{sfx}={s0 - 1}" + db, null, "/", null, []),
                ("fresh-uat-equal", $"__session={fresh}; __client_uat={s0}" + db, null, "/", null, []),
                ("iat-before-uat", $"__session={fresh}; __client_uat={s0 + 1}" + db, null, "/", null, []),
                ("nbf-future", $"__session={nbfFuture}; __client_uat={s0 - 1}" + db, null, "/", null, []),
                ("iat-future", $"__session={iatFuture}; __client_uat={s0 - 1}" + db, null, "/", null, []),
                ("template-cookie", $"__session={template}; __client_uat={s0 - 1}" + db, null, "/", null, []),
                ("machine-cookie", $"__session={machine}; __client_uat={s0 - 1}" + db, null, "/", null, []),
                ("hs256-cookie", $"__session={hs256}; __client_uat={s0 - 1}" + db, null, "/", null, []),
                ("nosub-cookie", $"__session={noSub}; __client_uat={s0 - 1}" + db, null, "/", "strict-claim-types", []),
                ("badsig-cookie", $"__session={badSig}; __client_uat={s0 - 1}" + db, null, "/", null, []),
                ("foreign-iss-suffixed", $"__session_{sfx}={foreignIss}; __client_uat_{sfx}={s0 - 1}" + db, null, "/", null, []),
                ("foreign-iss-unsuffixed", $"__session={foreignIss}; __client_uat={s0 - 1}" + db, null, "/", null, []),
                ("not-jwt-cookie", $"__session=abc; __client_uat={s0 - 1}" + db, null, "/", null, []),
                ("refresh-cookie", $"__session={fresh}; __client_uat={s0 - 1}; __refresh_{sfx}=rt_1" + db, null, "/", null, []),
                ("redirect-count-3", $"__client_uat={s0 - 1}; __clerk_redirect_count=3" + db, null, "/", null, []),
                ("redirect-count-4", $"__client_uat={s0 - 1}; __clerk_redirect_count=4" + db, null, "/", "loop-guard-at-or-above-3", []),
                ("redirect-count-lax", $"__client_uat={s0 - 1}; __clerk_redirect_count=3.0" + db, null, "/", "strict-redirect-count", []),
                ("uat-lax-number", "__client_uat=12abc" + db, null, "/", "strict-client-uat", []),
                ("cross-site-referer", $"__session={fresh}; __client_uat={s0 - 1}" + db, null, "/", null, [("Referer", "https://satellite.example.test/")]),
                ("fapi-referer", $"__session={fresh}; __client_uat={s0 - 1}" + db, null, "/", null, [("Referer", FrontendApiUrl + "/sign-in")]),
                ("nonce-dead-bapi", "__clerk_handshake_nonce=n1" + db, null, "/", null, []),
                ("bearer-fresh", null, "Bearer " + fresh, "/api", null, []),
                ("bearer-raw", null, fresh, "/api", null, []),
                ("bearer-template", null, "Bearer " + template, "/api", null, []),
                ("bearer-machine", null, "Bearer " + machine, "/api", null, []),
                ("bearer-garbage", null, "Bearer abc", "/api", null, []),
                ("bearer-badsig", null, "Bearer " + badSig, "/api", null, []),
                ("bearer-api-key", null, "Bearer ak_123", "/api", null, []),
                ("basic-scheme", $"__session={fresh}; __client_uat={s0 - 1}" + db, "Basic dXNlcjpwdw==", "/", null, []),
                ("bearer-org", null, "Bearer " + org, "/api", null, []),
                ("forwarded-host", $"__client_uat={s0 - 1}" + db, null, "/", "forwarded-headers-not-believed", [("X-Forwarded-Host", "evil.example.test"), ("X-Forwarded-Proto", "http")]),
            };
            if (!production)
            {
                scenarios.Add(("dev-browser-query", $"__session={fresh}; __client_uat={s0 - 1}" + db, null, "/?__clerk_db_jwt=dvb_2", null, []));
                scenarios.Add(("sync-back-foreign", "x=1" + db, null, "/?__clerk_redirect_url=" + Uri.EscapeDataString("https://evil.example.test/"), "redirect-url-allow-list", []));
            }

            var kinds = new (string Name, string Method, (string, string)[] Headers)[]
            {
                ("nav", "GET", [("Sec-Fetch-Dest", "document"), ("Accept", "text/html")]),
                ("fetch", "GET", [("Sec-Fetch-Dest", "empty"), ("Accept", "application/json")]),
                ("post", "POST", [("Sec-Fetch-Dest", "document"), ("Accept", "text/html")]),
            };

            foreach (var s in scenarios)
            {
                foreach (var k in kinds)
                {
                    foreach (var offset in Offsets)
                    {
                        // Exempt scenarios hold only where their rule applies (a GET navigation at t0).
                        if (s.Exempt is not null && (k.Name != "nav" || offset != 0))
                        {
                            continue;
                        }

                        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Host"] = new Uri(AppOrigin).Host };
                        foreach (var (n, v) in k.Headers.Concat(s.Extra))
                        {
                            headers[n] = v;
                        }

                        if (s.Cookie is not null)
                        {
                            headers["Cookie"] = s.Cookie;
                        }

                        if (s.Authorization is not null)
                        {
                            headers["Authorization"] = s.Authorization;
                        }

                        var id = $"{(production ? "prod" : "dev")}/{s.Name}/{k.Name}/+{offset}ms";
                        cases.Add(new DifferentialCase(id, production, k.Method, AppOrigin + s.Path, headers, t0.ToUnixTimeMilliseconds() + offset, s.Exempt));
                    }
                }
            }
        }

        return cases;
    }

    private static Dictionary<string, object?> Header(TestIssuer issuer, string alg = "RS256", string? cat = null)
    {
        var header = new Dictionary<string, object?> { ["alg"] = alg, ["kid"] = issuer.Kid, ["typ"] = "JWT" };
        if (cat is not null)
        {
            header["cat"] = cat;
        }

        return header;
    }
}
