using Latchkey.Cli.Commands.Token.Verify;
using Latchkey.Tokens;

namespace Latchkey.Cli.Tests.Commands.Token.Verify;

/// <summary>The "why" and "what to do" table covers the whole verification catalogue and nothing else.</summary>
public class ReasonGuideTests
{
    public static TheoryData<string> VerificationReasons => new(ReasonCodes.TokenVerification);

    [Theory]
    [MemberData(nameof(VerificationReasons))]
    public void ByCode_EveryVerificationReason_HasExplanationAndAdvice(string reason)
    {
        Assert.True(ReasonGuide.ByCode.TryGetValue(reason, out ReasonGuide? guide), $"no guide for {reason}");
        Assert.False(string.IsNullOrWhiteSpace(guide.Explanation));
        Assert.False(string.IsNullOrWhiteSpace(guide.WhatToDo));
        Assert.EndsWith(".", guide.Explanation);
        Assert.EndsWith(".", guide.WhatToDo);
    }

    [Fact]
    public void ByCode_Keys_AreAllVerificationReasons()
    {
        Assert.Equal(ReasonCodes.TokenVerification.Order(StringComparer.Ordinal), ReasonGuide.ByCode.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void For_UnknownCode_GivesANeutralGuide()
    {
        ReasonGuide guide = ReasonGuide.For("something-new");

        Assert.Contains("docs/reason-codes.md", guide.WhatToDo);
    }
}
