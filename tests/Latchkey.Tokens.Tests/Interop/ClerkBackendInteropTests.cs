using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Latchkey.Tokens.Tests.Support;

namespace Latchkey.Tokens.Tests.Interop;

/// <summary>
/// Latchkey session tokens against the official <c>@clerk/backend</c> 3.25.0 <c>verifyToken</c>
/// with a PEM <c>jwtKey</c> (tests/interop): both verifiers must agree on every token, valid or
/// not, with the same reason code.
/// </summary>
public class ClerkBackendInteropTests
{
    private const string OtherOrigin = "https://other.example";

    private sealed record Case(string Name, string Token, string? Expected, string[] AuthorizedParties, string[]? Issuers = null);

    private static string InteropDir => Path.Combine(RepositoryPaths.Root, "tests", "interop");

    private static List<Case> Cases()
    {
        var minter = new SessionTokenMinter(TimeProvider.System);
        DateTimeOffset now = TimeProvider.System.GetUtcNow();
        string[] parties = [TestKeys.Origin];
        string Mint(Func<SessionTokenDescriptor, SessionTokenDescriptor> change, SigningKey? key = null) =>
            minter.Mint(change(new SessionTokenDescriptor
            {
                Subject = "user_2interop", SessionId = "sess_2interop", Issuer = TestKeys.Issuer, AuthorizedParty = TestKeys.Origin, SessionStatus = "active",
            }), key ?? TestKeys.Rsa);
        SessionTokenDescriptor Same(SessionTokenDescriptor d) => d;

        string valid = Mint(Same);
        string[] p = valid.Split('.');
        return
        [
            new("valid", valid, null, parties, [TestKeys.Issuer]),
            new("valid-no-options", valid, null, []),
            new("valid-v2-organization", Mint(d => new SessionTokenDescriptor
            {
                Subject = d.Subject, SessionId = d.SessionId, Issuer = d.Issuer, AuthorizedParty = d.AuthorizedParty,
                Features = "o:memberships", FactorVerificationAge = new FactorVerificationAge(2, -1), OriginIssuedAt = now,
                Organization = OrganizationClaim.FromPermissions("org_1", "acme", "admin", ["memberships"], ["org:memberships:manage"]),
            }), null, parties),
            new("valid-without-category", Mint(d => new SessionTokenDescriptor { Subject = d.Subject, SessionId = d.SessionId, Issuer = d.Issuer, AuthorizedParty = d.AuthorizedParty, Category = null }), null, parties),
            new("expired", Mint(d => new SessionTokenDescriptor { Subject = d.Subject, SessionId = d.SessionId, Issuer = d.Issuer, AuthorizedParty = d.AuthorizedParty, IssuedAt = now.AddSeconds(-120) }), ReasonCodes.TokenExpired, parties),
            new("not-active-yet", Mint(d => new SessionTokenDescriptor { Subject = d.Subject, SessionId = d.SessionId, Issuer = d.Issuer, AuthorizedParty = d.AuthorizedParty, IssuedAt = now.AddSeconds(60) }), ReasonCodes.TokenNotActiveYet, parties),
            new("wrong-azp", valid, ReasonCodes.TokenInvalidAuthorizedParties, [OtherOrigin]),
            new("missing-azp", Mint(d => new SessionTokenDescriptor { Subject = d.Subject, SessionId = d.SessionId, Issuer = d.Issuer }), ReasonCodes.TokenInvalidAuthorizedParties, parties),
            new("wrong-issuer", valid, ReasonCodes.TokenInvalidIssuer, parties, ["https://clerk.other.com"]),
            new("bad-signature", p[0] + "." + p[1] + "." + p[2][..^4] + (p[2][^4] == 'A' ? "B" : "A") + p[2][^3..], ReasonCodes.TokenInvalidSignature, parties),
            new("payload-swapped", p[0] + "." + TokenFactory.B64("{\"sub\":\"user_evil\",\"sid\":\"s\",\"iss\":\"" + TestKeys.Issuer + "\",\"exp\":9999999999}") + "." + p[2], ReasonCodes.TokenInvalidSignature, []),
            new("es256-against-rsa-pem", Mint(Same, TestKeys.Ec), ReasonCodes.TokenInvalidAlgorithm, parties),
            new("alg-none", TokenFactory.B64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + p[1] + ".", ReasonCodes.TokenInvalidAlgorithm, parties),
            new("m2m-category", Mint(d => new SessionTokenDescriptor { Subject = d.Subject, SessionId = d.SessionId, Issuer = d.Issuer, AuthorizedParty = d.AuthorizedParty, Category = TokenCategories.Machine }), ReasonCodes.TokenInvalid, parties),
            new("two-segments", p[0] + "." + p[1], ReasonCodes.TokenInvalid, parties),
        ];
    }

    [Fact]
    public void VerifyToken_ClerkBackend3250_AgreesWithLatchkeyOnEveryCase()
    {
        string modules = Path.Combine(InteropDir, "node_modules", "@clerk", "backend", "package.json");
        Assert.True(File.Exists(modules),
            $"{modules} is missing: run scripts/setup.sh (npm ci in tests/interop) before the interop test.");
        Assert.Equal("3.25.0", JsonNode.Parse(File.ReadAllText(modules))!["version"]!.GetValue<string>());

        List<Case> cases = Cases();
        string pem = TestKeys.Rsa.PublicKey.ExportSpkiPem();
        string dir = Directory.CreateTempSubdirectory("latchkey-interop-").FullName;
        try
        {
            string input = Path.Combine(dir, "cases.json");
            File.WriteAllText(input, JsonSerializer.Serialize(new
            {
                jwtKey = pem,
                cases = cases.Select(c => new
                {
                    name = c.Name,
                    token = c.Token,
                    options = new Dictionary<string, object>
                    {
                        ["authorizedParties"] = c.AuthorizedParties,
                        ["issuer"] = c.Issuers ?? (object)Array.Empty<string>(),
                    },
                }),
            }));

            JsonArray clerk = RunNode(input);

            VerificationKeySet keys = VerificationKeySet.FromSpkiPem(pem);
            foreach (Case c in cases)
            {
                JsonNode result = clerk.Single(r => (string)r!["name"]! == c.Name)!;
                var options = new TokenValidationOptions { ValidateIssuer = c.Issuers is not null };
                foreach (string issuer in c.Issuers ?? [])
                {
                    options.ValidIssuers.Add(issuer);
                }

                foreach (string party in c.AuthorizedParties)
                {
                    options.AuthorizedParties.Add(party);
                }

                TokenVerificationResult latchkey = new TokenVerifier(options).Verify(c.Token, keys);

                Assert.True(c.Expected is null == (bool)result["valid"]!, $"{c.Name}: @clerk/backend said {result.ToJsonString()}");
                Assert.Equal(c.Expected, (string?)result["reason"]);
                Assert.True(c.Expected is null == latchkey.IsValid, $"{c.Name}: Latchkey said {latchkey}");
                Assert.Equal(c.Expected, latchkey.Reason);
                if (c.Expected is null)
                {
                    Assert.Equal((string?)result["sub"], latchkey.Claims!.Subject);
                }
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static JsonArray RunNode(string input)
    {
        var start = new ProcessStartInfo("node", [Path.Combine(InteropDir, "verify-with-clerk.mjs"), input])
        {
            WorkingDirectory = InteropDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("node is not installed (scripts/setup.sh installs it); the @clerk/backend interop test cannot run.", e);
        }

        using (process)
        {
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "node did not finish within 60 s");
            Assert.True(process.ExitCode == 0, $"node exited with {process.ExitCode}: {stderr.Result}");
            return JsonNode.Parse(stdout.Result)!.AsArray();
        }
    }
}
