using Latchkey.AspNetCore;
using Latchkey.Cli.Diagnostics;
using Latchkey.Tokens;

namespace Latchkey.Cli.Tests.Diagnostics;

/// <summary>
/// The "why" and "what to do" table covers every code the request classifier can report (the
/// verification reasons, the request-state reasons of protocol §5.11, Latchkey's own, and every
/// composite expiry reason) and nothing else.
/// </summary>
public class ReasonGuideTests
{
    /// <summary>Every code the classifier can report: the catalogue and the composite expiry reasons.</summary>
    public static TheoryData<string> EmittableReasons()
    {
        var data = new TheoryData<string>();
        foreach (string code in LatchkeyReasonCodes.All)
        {
            data.Add(code);
        }

        foreach (string refreshError in ReasonCodes.RefreshErrors)
        {
            data.Add(ReasonCodes.SessionTokenExpiredRefresh(refreshError));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EmittableReasons))]
    public void For_EveryReasonTheClassifierCanReport_HasItsOwnExplanationAndAdvice(string reason)
    {
        ReasonGuide guide = ReasonGuide.For(reason);

        Assert.True(ReasonGuide.IsKnown(reason), $"no guide for {reason}");
        Assert.EndsWith(".", guide.Explanation);
        Assert.EndsWith(".", guide.WhatToDo);
        Assert.EndsWith(".", guide.InApp);
        Assert.DoesNotContain("docs/reason-codes.md", guide.WhatToDo);
        Assert.DoesNotContain(" --", guide.InApp); // an app is fixed with its options, not with token verify's flags
    }

    [Fact]
    public void ByCode_Keys_AreExactlyTheCatalogue()
    {
        Assert.Equal(LatchkeyReasonCodes.All.Order(StringComparer.Ordinal), ReasonGuide.ByCode.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void RefreshErrors_Keys_AreExactlyTheProtocolsRefreshErrors()
    {
        Assert.Equal(ReasonCodes.RefreshErrors.Order(StringComparer.Ordinal), ReasonGuide.RefreshErrors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void For_CompositeExpiry_SaysWhyNoRefreshHappened()
    {
        ReasonGuide guide = ReasonGuide.For("session-token-expired-refresh-non-eligible-non-get");

        Assert.Equal("The session token expired; the request is not a GET, so no server-side refresh was tried.", guide.Explanation);
        Assert.Equal(ReasonGuide.ByCode[ReasonCodes.SessionTokenExpired].WhatToDo, guide.WhatToDo);
    }

    [Fact]
    public void For_CompositeExpiryWithABackendApiCode_NamesTheCode()
    {
        ReasonGuide guide = ReasonGuide.For("session-token-expired-refresh-resource_not_found");

        Assert.False(ReasonGuide.IsKnown("session-token-expired-refresh-resource_not_found"));
        Assert.Contains("\"resource_not_found\"", guide.Explanation);
    }

    [Fact]
    public void For_UnknownCode_GivesANeutralGuide()
    {
        ReasonGuide guide = ReasonGuide.For("something-new");

        Assert.False(ReasonGuide.IsKnown("something-new"));
        Assert.Contains("docs/reason-codes.md", guide.WhatToDo);
    }
}
