using Latchkey.AspNetCore.Tests.Infrastructure;

namespace Latchkey.AspNetCore.Tests.Classification;

/// <summary>
/// The classifier on a machine whose clock is off against the issuer's (docs/clock-skew.md), with
/// tokens from <see cref="Latchkey.Testing.TestIssuer"/> judged at the issuer's time plus an
/// offset: the reasons at the boundaries, and the offset each refusal's message measures.
/// </summary>
public sealed class ClockSkewTests
{
    private static Task<LatchkeyRequestState> BearerAtAsync(Harness h, string token, double offsetSeconds) =>
        h.Classifier.ClassifyAsync(
            new LatchkeyRequestDescription("GET", new Uri(Harness.AppOrigin + "/api"), [new("Sec-Fetch-Dest", "empty"), new("Authorization", "Bearer " + token)]),
            h.Now.AddSeconds(offsetSeconds));

    [Theory]
    [InlineData(-5)]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(-3)]
    public async Task Classify_FreshTokenClockWithinSkew_SignedIn(double offset)
    {
        using var h = new Harness();

        var state = await BearerAtAsync(h, h.Token(), offset);

        Assert.True(state.IsSignedIn, state.Reason);
    }

    [Fact]
    public async Task Classify_FreshTokenClockJustBeyondSkew_IatInTheFutureWithOffset()
    {
        using var h = new Harness();

        var state = await BearerAtAsync(h, h.Token(), -5.5);

        Assert.Equal("session-token-iat-in-the-future", state.Reason);
        Assert.Contains("5.5 s in this machine's future", state.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Classify_ClockBehindBy30s_NotActiveYetMeasuresTheOffsetFromIat()
    {
        using var h = new Harness();

        var state = await BearerAtAsync(h, h.Token(), -30);

        Assert.Equal("session-token-nbf", state.Reason);
        Assert.Contains("the token was issued 30 s in this machine's future (iat): this machine's clock is at least 30 s behind the issuer's; check the clock (NTP)", state.Message, StringComparison.Ordinal);
        Assert.EndsWith("(reason=token-not-active-yet, token-carrier=header)", state.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Classify_ClockAheadBy70s_ExpiredMeasuresAnUpperBound()
    {
        using var h = new Harness();

        var state = await BearerAtAsync(h, h.Token(), 70);

        Assert.Equal("session-token-expired-refresh-non-eligible-no-refresh-cookie", state.Reason);
        Assert.Contains("issued 70 s ago by this machine's clock (iat), for 60 s: if it was minted moments ago, this machine's clock is up to 70 s ahead of the issuer's", state.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Classify_TokenExpiredLongAgo_NoClockAdvice()
    {
        using var h = new Harness();

        var state = await BearerAtAsync(h, h.Token(), 3600);

        Assert.StartsWith("session-token-expired-refresh-", state.Reason, StringComparison.Ordinal);
        Assert.Contains("issued 3600 s ago", state.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ahead of the issuer", state.Message, StringComparison.Ordinal);
    }
}
