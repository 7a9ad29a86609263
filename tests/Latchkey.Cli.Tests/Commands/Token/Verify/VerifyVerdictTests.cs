using Latchkey.Cli.Tests.Support;
using Latchkey.Tokens;

namespace Latchkey.Cli.Tests.Commands.Token.Verify;

/// <summary>The verdict, reason code and exit code for a valid token and for each major rejection.</summary>
public class VerifyVerdictTests
{
    [Fact]
    public async Task Verify_ValidTokenWithPem_PrintsValidAndExitsZero()
    {
        CliRun run = await Tool.RunAsync(VerifyArgs.Pem(TestKeys.Mint()));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("VALID\n", run.Stdout);
        Assert.Contains("Claims (verified)", run.Stdout);
        Assert.Contains("\"sub\": \"user_2cli\"", run.Stdout);
        Assert.Contains("Signature   verified with the PEM key (RS256)", run.Stdout);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public async Task Verify_ValidTokenWithJwksFile_VerifiesWithTheKeyOfItsKid()
    {
        CliRun run = await Tool.RunAsync(VerifyArgs.Jwks(TestKeys.Mint()));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"verified with key \"{TestKeys.Kid}\" (RS256)", run.Stdout);
    }

    [Fact]
    public async Task Verify_EcTokenWithJwksFile_IsValid()
    {
        CliRun run = await Tool.RunAsync(VerifyArgs.Jwks(TestKeys.Mint(key: TestKeys.Ec)));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("verified with key \"ins_cli_ec\" (ES256)", run.Stdout);
    }

    [Fact]
    public async Task Verify_Ed25519TokenWithItsPem_IsValid()
    {
        using SigningKey ed = SigningKey.GenerateEd25519("ins_cli_ed");
        string pem = KeyFiles.Write("ed25519.pem", ed.PublicKey.ExportSpkiPem());

        CliRun run = await Tool.RunAsync(VerifyArgs.Build(TestKeys.Mint(key: ed), "--pem", pem));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Ed25519 256 bits, EdDSA", run.Stdout);
    }

    [Fact]
    public async Task Verify_ExpiredToken_RejectsWithTokenExpiredAndExitsOne()
    {
        CliRun run = await Tool.RunAsync(VerifyArgs.Pem(TestKeys.Mint(), nowOffsetSeconds: 180));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith("REJECTED: token-expired\n", run.Stdout);
        Assert.Contains("Why:  The token's exp is in the past", run.Stdout);
        Assert.Contains("Do:   ", run.Stdout);
        Assert.Contains("expired 2 min ago", run.Stdout);
        Assert.Contains($"add --now {TestKeys.NowSeconds}", run.Stdout);
        Assert.Contains("Claims (signature verified; a claim check failed)", run.Stdout);
    }

    [Fact]
    public async Task Verify_WrongIssuer_RejectsWithInvalidIssuerAndSuggestsTheTokensIssuer()
    {
        string[] args = VerifyArgs.Pem(TestKeys.Mint(), 0);
        args[Array.IndexOf(args, TestKeys.Issuer)] = "https://other.example.com";

        CliRun run = await Tool.RunAsync(args);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith("REJECTED: token-invalid-issuer\n", run.Stdout);
        Assert.Contains($"run again with --issuer {TestKeys.Issuer}", run.Stdout);
    }

    [Fact]
    public async Task Verify_NoIssuerCheck_AcceptsAndSaysTheIssuerWasNotChecked()
    {
        CliRun run = await Tool.RunAsync(VerifyArgs.Pem(TestKeys.Mint(), 0, "--no-issuer-check"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("issuer NOT checked (--no-issuer-check)", run.Stdout);
        Assert.Contains($"the token's iss is \"{TestKeys.Issuer}\"", run.Stdout);
    }

    [Fact]
    public async Task Verify_OneOfSeveralIssuers_IsValid()
    {
        CliRun run = await Tool.RunAsync(VerifyArgs.Pem(TestKeys.Mint(), 0, "--issuer", "https://other.example.com"));

        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public async Task Verify_AuthorizedPartyNotListed_RejectsWithInvalidAuthorizedParties()
    {
        CliRun run = await Tool.RunAsync(VerifyArgs.Pem(TestKeys.Mint(), 0, "--authorized-party", "https://app.example.org"));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith("REJECTED: token-invalid-authorized-parties\n", run.Stdout);
        Assert.Contains($"add --authorized-party {TestKeys.Origin}", run.Stdout);
    }

    [Fact]
    public async Task Verify_AuthorizedPartyListed_IsValid()
    {
        CliRun run = await Tool.RunAsync(VerifyArgs.Pem(TestKeys.Mint(), 0, "--authorized-party", "https://app.example.org", "--authorized-party", TestKeys.Origin));

        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public async Task Verify_AudienceRequiredButAbsent_RejectsWithVerificationFailed()
    {
        CliRun run = await Tool.RunAsync(VerifyArgs.Pem(TestKeys.Mint(), 0, "--audience", "api"));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith("REJECTED: token-verification-failed\n", run.Stdout);
        Assert.Contains("\"aud\" is missing", run.Stdout);
    }

    [Fact]
    public async Task Verify_AudienceMatches_IsValid()
    {
        CliRun run = await Tool.RunAsync(VerifyArgs.Pem(TestKeys.Mint(audiences: ["api", "web"]), 0, "--audience", "web"));

        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public async Task Verify_TamperedPayload_RejectsWithInvalidSignatureAndShowsUnverifiedClaims()
    {
        string token = TestKeys.Mint();
        string[] parts = token.Split('.');
        string forged = parts[0] + "." + TestKeys.B64(TestKeys.Payload().Replace("user_1", "user_admin", StringComparison.Ordinal)) + "." + parts[2];

        CliRun run = await Tool.RunAsync(VerifyArgs.Pem(forged));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith("REJECTED: token-invalid-signature\n", run.Stdout);
        Assert.Contains("Claims (UNVERIFIED", run.Stdout);
        Assert.Contains("\"sub\": \"user_admin\"", run.Stdout);
        Assert.Contains("Signature   NOT verified", run.Stdout);
    }

    [Fact]
    public async Task Verify_SignedByAnotherKeyWithTheSameKid_RejectsWithInvalidSignature()
    {
        CliRun run = await Tool.RunAsync(VerifyArgs.Jwks(TestKeys.Mint(key: TestKeys.OtherWithSameKid)));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith("REJECTED: token-invalid-signature\n", run.Stdout);
        Assert.Contains($"The key \"{TestKeys.Kid}\" exists in the key set, but it did not sign this token", run.Stdout);
    }

    [Fact]
    public async Task Verify_UnknownKidWithJwks_RejectsWithKidMismatchAndListsTheKids()
    {
        using SigningKey stranger = SigningKey.GenerateRsa("ins_someone_else");

        CliRun run = await Tool.RunAsync(VerifyArgs.Jwks(TestKeys.Mint(key: stranger)));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith("REJECTED: jwk-kid-mismatch\n", run.Stdout);
        Assert.Contains($"The token's kid is \"ins_someone_else\" (unverified); the key set holds \"{TestKeys.Kid}\", \"ins_cli_ec\"", run.Stdout);
    }

    [Fact]
    public async Task Verify_PemModeWithAnyKid_IsValid()
    {
        using SigningKey sameMaterial = SigningKey.FromPkcs8Pem(TestKeys.Rsa.ExportPkcs8Pem(), "ins_renamed");

        CliRun run = await Tool.RunAsync(VerifyArgs.Pem(TestKeys.Mint(key: sameMaterial)));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("used whatever the token's kid says", run.Stdout);
    }

    [Fact]
    public async Task Verify_TokenNotActiveYet_RejectsWithNotActiveYet()
    {
        CliRun run = await Tool.RunAsync(VerifyArgs.Pem(TestKeys.Mint(), nowOffsetSeconds: -20));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith("REJECTED: token-not-active-yet\n", run.Stdout);
        Assert.Contains("not valid for another 10 s", run.Stdout);
    }

    [Fact]
    public async Task Verify_IssuedInTheFuture_RejectsWithIatInTheFuture()
    {
        // nbf = iat - 10 still passes 8 s before iat; iat is 8 s ahead, beyond the 5 s skew.
        CliRun run = await Tool.RunAsync(VerifyArgs.Pem(TestKeys.Mint(), nowOffsetSeconds: -8));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith("REJECTED: token-iat-in-the-future\n", run.Stdout);
        Assert.Contains("issued 8 s in the future", run.Stdout);
    }

    [Fact]
    public async Task Verify_AlgNone_RejectsWithInvalidAlgorithm()
    {
        string token = TestKeys.B64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + TestKeys.B64(TestKeys.Payload()) + ".c2ln";

        CliRun run = await Tool.RunAsync(VerifyArgs.Pem(token));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith("REJECTED: token-invalid-algorithm\n", run.Stdout);
        Assert.Contains("\"alg\": \"none\"", run.Stdout);
    }

    [Fact]
    public async Task Verify_TemplateTokenAsSession_RejectsWithTokenInvalid()
    {
        string token = TestKeys.Mint(category: TokenCategories.Template);

        CliRun run = await Tool.RunAsync(VerifyArgs.Pem(token));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith("REJECTED: token-invalid\n", run.Stdout);
    }

    [Fact]
    public async Task Verify_TemplateTokenWithKindTemplate_IsValid()
    {
        string token = TestKeys.Mint(category: TokenCategories.Template, withSessionId: false);

        CliRun run = await Tool.RunAsync(VerifyArgs.Pem(token, 0, "--kind", "template"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("kind template", run.Stdout);
    }

    [Fact]
    public async Task Verify_SessionTokenWithoutSid_RejectsWithVerificationFailed()
    {
        CliRun run = await Tool.RunAsync(VerifyArgs.Pem(TestKeys.Forge(TestKeys.Header(), TestKeys.Payload().Replace("\"sid\":\"sess_1\",", "", StringComparison.Ordinal))));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith("REJECTED: token-verification-failed\n", run.Stdout);
        Assert.Contains("\"sid\" is missing", run.Stdout);
    }

    [Fact]
    public async Task Verify_NotAToken_RejectsWithTokenInvalid()
    {
        CliRun run = await Tool.RunAsync(VerifyArgs.Pem("hello"));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith("REJECTED: token-invalid\n", run.Stdout);
        Assert.Contains("the token has 1 dot-separated segment; a JWS compact token has 3", run.Stdout);
    }
}
