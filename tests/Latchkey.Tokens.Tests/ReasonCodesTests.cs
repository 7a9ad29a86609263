using System.Reflection;
using Latchkey.Tokens.Tests.Support;

namespace Latchkey.Tokens.Tests;

public class ReasonCodesTests
{
    private static IEnumerable<string> Constants() =>
        typeof(ReasonCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);

    [Fact]
    public void TokenVerification_ProtocolSection42_AllPresent()
    {
        string[] protocol =
        [
            "token-expired", "token-invalid", "token-invalid-algorithm", "token-invalid-authorized-parties",
            "token-invalid-issuer", "token-invalid-signature", "token-not-active-yet", "token-iat-in-the-future",
            "token-verification-failed", "secret-key-invalid", "jwk-local-missing", "jwk-remote-failed-to-load",
            "jwk-remote-invalid", "jwk-remote-missing", "jwk-failed-to-resolve", "jwk-kid-mismatch",
        ];
        Assert.Equal(protocol.Order(), ReasonCodes.TokenVerification.Order());
    }

    [Fact]
    public void RequestState_ProtocolSection511_AllPresent()
    {
        string[] protocol =
        [
            "client-uat-but-no-session-token", "dev-browser-missing", "dev-browser-sync", "primary-responds-to-syncing",
            "primary-domain-cross-origin-sync", "satellite-needs-syncing", "session-token-and-uat-missing",
            "session-token-missing", "session-token-expired", "session-token-iat-before-client-uat", "session-token-nbf",
            "session-token-iat-in-the-future", "session-token-but-no-client-uat", "active-organization-mismatch",
            "token-type-mismatch", "unexpected-error", "No token in header",
        ];
        Assert.Equal(protocol.Order(), ReasonCodes.RequestState.Order());
    }

    [Fact]
    public void All_EveryConstantListedOnce()
    {
        var listed = ReasonCodes.All.Concat(ReasonCodes.RefreshErrors).ToList();

        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.Equal(Constants().Order(), listed.Order());
    }

    [Fact]
    public void All_KebabCaseExceptProtocolLiteral()
    {
        foreach (string code in ReasonCodes.All.Concat(ReasonCodes.RefreshErrors).Where(c => c != ReasonCodes.NoTokenInHeader))
        {
            Assert.Matches("^[a-z]+(-[a-z0-9]+)*$", code);
        }
    }

    [Fact]
    public void Docs_EveryCodeDocumented()
    {
        string doc = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "reason-codes.md"));

        foreach (string code in ReasonCodes.All.Concat(ReasonCodes.RefreshErrors))
        {
            Assert.Contains("| `" + code + "` |", doc);
        }
    }

    [Fact]
    public void SessionTokenExpiredRefresh_Suffix_BuildsCompositeReason()
    {
        Assert.Equal("session-token-expired-refresh-non-eligible-no-refresh-cookie",
            ReasonCodes.SessionTokenExpiredRefresh(ReasonCodes.RefreshNonEligibleNoRefreshCookie));
    }
}
