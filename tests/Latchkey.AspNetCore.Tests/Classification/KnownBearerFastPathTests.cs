using Latchkey.AspNetCore.Tests.Infrastructure;

namespace Latchkey.AspNetCore.Tests.Classification;

/// <summary>
/// The handler decides a request carrying <c>Authorization: Bearer</c> with a token that verified
/// before without building a request context (<c>RequestClassifier.TryClassifyKnownBearer</c>).
/// These tests prove it is only a shortcut: when it answers, the answer is the full
/// classification's, and in every case it is unsure of (unknown, expired or differently written
/// tokens, other token kinds, keys not at hand) it does not answer.
/// </summary>
public sealed class KnownBearerFastPathTests
{
    [Fact]
    public async Task KnownToken_AnsweredWithTheFullClassificationsState()
    {
        using var h = new Harness(production: true);
        var token = h.Token(o => o.UserId = "user_fast");

        var full = await h.BearerAsync(token);
        var fast = Fast(h, "Bearer " + token, h.Now);

        Assert.True(full.IsSignedIn);
        Assert.NotNull(fast);
        Assert.Equal(full.Status, fast.Status);
        Assert.Equal(full.Reason, fast.Reason);
        Assert.Equal(full.Token, fast.Token);
        Assert.Equal("user_fast", fast.SessionClaims!.UserId);
        Assert.Same(full.SessionClaims, fast.SessionClaims);
    }

    [Fact]
    public void TokenNeverVerified_NotAnswered()
    {
        using var h = new Harness(production: true);

        Assert.Null(Fast(h, "Bearer " + h.Token(o => o.SessionId = "sess_never_seen"), h.Now));
    }

    [Theory]
    [InlineData(2, "session-token-expired")] // judged after exp
    [InlineData(-5, "session-token-nbf")]     // judged before nbf
    public async Task KnownTokenOutsideItsLifetime_NotAnswered_FullPathExplainsIt(int minutesFromNow, string reason)
    {
        using var h = new Harness(production: true);
        var token = h.Token();
        Assert.True((await h.BearerAsync(token)).IsSignedIn);
        var at = h.Now.AddMinutes(minutesFromNow);

        var fast = Fast(h, "Bearer " + token, at);
        var full = await h.Classifier.ClassifyAsync(Request("Bearer " + token), at);

        Assert.Null(fast);
        Assert.Equal(LatchkeyAuthStatus.SignedOut, full.Status);
        Assert.StartsWith(reason, full.Reason);
    }

    [Theory]
    [InlineData("bearer {0}")]
    [InlineData("BEARER {0}")]
    [InlineData("Bearer  {0}")]
    [InlineData("Bearer {0} ")]
    [InlineData("Bearer\t{0}")]
    [InlineData("{0}")]
    [InlineData("Basic {0}")]
    [InlineData("Bearer {0}x")]
    [InlineData("Bearer ")]
    [InlineData("Bearer")]
    [InlineData("")]
    public async Task KnownTokenWrittenOtherwise_NotAnswered(string format)
    {
        using var h = new Harness(production: true);
        var token = h.Token();
        Assert.True((await h.BearerAsync(token)).IsSignedIn);

        Assert.Null(Fast(h, string.Format(System.Globalization.CultureInfo.InvariantCulture, format, token), h.Now));
    }

    [Fact]
    public void NoHeader_NotAnswered()
    {
        using var h = new Harness(production: true);

        Assert.Null(Fast(h, null, h.Now));
    }

    [Fact]
    public async Task SchemeAcceptingMachineTokensToo_NotAnswered()
    {
        using var h = new Harness(production: true, configure: o => o.AcceptsToken = LatchkeyTokenTypes.SessionToken | LatchkeyTokenTypes.ApiKey);
        var token = h.Token();
        Assert.True((await h.BearerAsync(token)).IsSignedIn);

        Assert.Null(Fast(h, "Bearer " + token, h.Now));
    }

    [Fact]
    public async Task SessionRevokedAfterTheTokenWasKnown_AnsweredRevoked_AsTheFullPath()
    {
        var revocations = new SwitchableRevocations();
        using var h = new Harness(production: true, revocations: revocations);
        var token = h.Token(o => o.SessionId = "sess_revoked_later");
        Assert.True((await h.BearerAsync(token)).IsSignedIn);
        revocations.Revoked = "sess_revoked_later";

        var fast = Fast(h, "Bearer " + token, h.Now);
        var full = await h.BearerAsync(token);

        Assert.NotNull(fast);
        Assert.Equal(LatchkeyAuthStatus.SignedOut, fast.Status);
        Assert.Equal("session-revoked", fast.Reason);
        Assert.Equal(full.Status, fast.Status);
        Assert.Equal(full.Reason, fast.Reason);
        Assert.Equal(full.Message, fast.Message);
    }

    [Fact]
    public async Task RevocationSourceThrows_NotAnswered_FullPathSaysUnexpectedError()
    {
        var revocations = new SwitchableRevocations();
        using var h = new Harness(production: true, revocations: revocations);
        var token = h.Token(o => o.SessionId = "sess_source_fails");
        Assert.True((await h.BearerAsync(token)).IsSignedIn);
        revocations.Fail = true;

        var fast = Fast(h, "Bearer " + token, h.Now);
        var full = await h.BearerAsync(token);

        Assert.Null(fast);
        Assert.Equal(LatchkeyAuthStatus.SignedOut, full.Status);
        Assert.Equal("unexpected-error", full.Reason);
    }

    [Fact]
    public async Task MachineCategoryTokenKnownByText_NotAnswered()
    {
        // A token whose cat is not a session category never signs in on the header path; even if
        // its text were known, the shortcut leaves it to the full path.
        using var h = new Harness(production: true);
        var template = h.HandBuilt(h.Header(cat: "cl_B7d4PD222AAA"), h.Payload());
        var full = await h.BearerAsync(template);

        Assert.False(full.IsSignedIn);
        Assert.Null(Fast(h, "Bearer " + template, h.Now));
    }

    private static LatchkeyRequestState? Fast(Harness h, string? authorization, DateTimeOffset now) =>
        h.Classifier.Core.TryClassifyKnownBearer(authorization, now, out var state) ? state : null;

    private static LatchkeyRequestDescription Request(string authorization) =>
        new("GET", new Uri(Harness.AppOrigin + "/api"), [.. Harness.Fetch.Select(p => new KeyValuePair<string, string>(p.Item1, p.Item2)), new("Authorization", authorization)]);

    private sealed class SwitchableRevocations : IRevocationSource
    {
        public string? Revoked { get; set; }

        public bool Fail { get; set; }

        public bool IsRevoked(string sessionId, DateTimeOffset issuedAt) =>
            Fail ? throw new InvalidOperationException("revocation store unavailable") : sessionId == Revoked;
    }
}
