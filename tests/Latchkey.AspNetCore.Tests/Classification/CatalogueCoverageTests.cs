using System.Reflection;
using Latchkey.AspNetCore.Tests.Infrastructure;
using Latchkey.Tokens;

namespace Latchkey.AspNetCore.Tests.Classification;

/// <summary>Every row of §5.6 and every reason code the classifier can emit is proven by a tagged test.</summary>
public sealed class CatalogueCoverageTests
{
    /// <summary>Codes of the catalogue the classifier never emits as a request state, and why.</summary>
    private static readonly Dictionary<string, string> NotEmitted = new()
    {
        [ReasonCodes.TokenNotActiveYet] = "becomes session-token-nbf (§5.7)",
        [ReasonCodes.TokenIatInTheFuture] = "becomes session-token-iat-in-the-future (§5.7)",
        [ReasonCodes.SessionTokenExpired] = "only as the prefix of session-token-expired-refresh-<x>",
        [ReasonCodes.JwkLocalMissing] = "options validation refuses a missing or bad PEM at start-up",
        [ReasonCodes.JwkRemoteMissing] = "an unusable remote set is jwk-remote-failed-to-load or jwk-remote-invalid; a missing kid is jwk-kid-mismatch",
        [ReasonCodes.JwkFailedToResolve] = "a publishable key is required, so a Frontend API URL (public JWKS) always exists",
        [ReasonCodes.RefreshMissingApiClient] = "a secret key is required, so the Backend API client always exists",
        [ReasonCodes.RefreshMissingSessionToken] = "refresh is attempted only for an expired token, which is present",
        [ReasonCodes.RefreshMissingRefreshToken] = "refresh is attempted only when the refresh cookie is present",
        [ReasonCodes.RefreshExpiredSessionTokenDecodeFailed] = "a token that reached token-expired decoded",
        [ReasonCodes.RefreshExpiredSessionTokenMissingSidClaim] = "the token core refuses a session token without sid before checking exp",
    };

    private static HashSet<string> Covered() =>
        typeof(CatalogueCoverageTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            .SelectMany(m => m.GetCustomAttributes<CoversAttribute>())
            .SelectMany(a => a.Items)
            .ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void Covers_EveryRowOfTheCookiePath_HasATest()
    {
        var covered = Covered();
        var missing = Enumerable.Range(1, 18).Select(i => "C" + i).Where(row => !covered.Contains(row)).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Covers_EveryReasonCode_HasATestOrAReasonWhyNot()
    {
        var covered = Covered();
        var catalogue = LatchkeyReasonCodes.All.Concat(ReasonCodes.RefreshErrors);
        var missing = catalogue.Where(code => !covered.Contains(code) && !NotEmitted.ContainsKey(code)).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Covers_NoCodeIsBothCoveredAndDeclaredUnreachable()
    {
        var covered = Covered();
        Assert.DoesNotContain(NotEmitted.Keys, covered.Contains);
    }

    [Fact]
    public void LatchkeyReasonCodes_All_IsTheProtocolCatalogueAndLatchkeysThree()
    {
        Assert.Equal(ReasonCodes.All.Count + 3, LatchkeyReasonCodes.All.Count);
        Assert.Equal(LatchkeyReasonCodes.All.Count, LatchkeyReasonCodes.All.Distinct().Count());
        Assert.Equal(["redirect-url-not-allowed", "session-revoked", "session-pending"], LatchkeyReasonCodes.LatchkeyOnly);
    }

    [Theory]
    [InlineData("session-token-expired-refresh-non-eligible-no-refresh-cookie", "non-eligible-no-refresh-cookie")]
    [InlineData("session-token-expired-refresh-resource_not_found", "resource_not_found")]
    [InlineData("session-token-expired-refresh-", null)]
    [InlineData("session-token-expired", null)]
    [InlineData("token-expired", null)]
    [InlineData(null, null)]
    public void LatchkeyReasonCodes_TryGetRefreshError_SplitsOnlyCompositeExpiryReasons(string? reason, string? expected)
    {
        Assert.Equal(expected is not null, LatchkeyReasonCodes.TryGetRefreshError(reason, out var refreshError));
        Assert.Equal(expected, refreshError);
    }
}
