using Latchkey.AspNetCore.Tests.Infrastructure;

namespace Latchkey.AspNetCore.Tests.Classification;

/// <summary>
/// The handler decides a signed-in same-origin API call from its <c>Cookie</c> header without
/// building a request context (<c>RequestClassifier.TryClassifyKnownCookie</c>). A differential
/// test over thousands of cookie combinations proves that whenever the shortcut answers, its
/// answer is the full cookie path's (§5.6), and the cases it must leave alone are left alone.
/// </summary>
public sealed class KnownCookieFastPathTests
{
    [Fact]
    public async Task EveryCookieCombination_ShortcutAnswersOnlyWithTheFullPathsState()
    {
        using var h = new Harness(production: true);
        using var other = new Harness(production: true, issuerName: "other");
        var now = h.Now;
        var a = h.Token(o => { o.SessionId = "sess_a"; o.AuthorizedParty = Harness.AppOrigin; o.IssuedAt = now.AddSeconds(-30); });
        var b = h.Token(o => { o.SessionId = "sess_b"; o.AuthorizedParty = Harness.AppOrigin; o.IssuedAt = now.AddSeconds(-10); });
        var noAzp = h.Token(o => { o.SessionId = "sess_no_azp"; o.IssuedAt = now.AddSeconds(-20); });
        var expired = h.Token(o => { o.SessionId = "sess_expired"; o.AuthorizedParty = Harness.AppOrigin; o.IssuedAt = now.AddMinutes(-5); });
        var foreign = other.Token(o => o.AuthorizedParty = Harness.AppOrigin);
        // Known tokens: each verified once, at a time it was valid.
        foreach (var (token, at) in new[] { (a, now), (b, now), (noAzp, now), (expired, now.AddMinutes(-5)) })
        {
            Assert.True((await h.Classifier.ClassifyAsync(Describe("GET", [("Authorization", "Bearer " + token)]), at)).IsSignedIn);
        }

        string?[] sessions = [null, a, noAzp, expired, foreign, "not-a-jwt"];
        string?[] suffixedSessions = [null, a, b];
        string?[] uats = [null, "0", (h.NowSeconds - 60).ToString(System.Globalization.CultureInfo.InvariantCulture), h.NowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        string?[] suffixedUats = [null, "0", (h.NowSeconds - 60).ToString(System.Globalization.CultureInfo.InvariantCulture)];
        // Sent before the others, so each also shows that the first occurrence of a name wins: an
        // empty session, an escaped __client_uat (decoded by the full path), spaces around a value.
        string?[] extras = [null, "__clerk_handshake=abc", "theme=dark", "__session=", "__client_uat=%31", "__client_uat_" + h.Suffix + " = 0 "];
        string[] methods = ["GET", "POST"];
        string?[] dests = [null, "empty", "document"];

        var answered = 0;
        var cases = 0;
        foreach (var session in sessions)
        foreach (var suffixedSession in suffixedSessions)
        foreach (var uat in uats)
        foreach (var suffixedUat in suffixedUats)
        foreach (var extra in extras)
        foreach (var method in methods)
        foreach (var dest in dests)
        {
            var parts = new List<string>();
            if (extra is not null)
            {
                parts.Add(extra);
            }

            Add(parts, "__session", session);
            Add(parts, "__session_" + h.Suffix, suffixedSession);
            Add(parts, "__client_uat", uat);
            Add(parts, "__client_uat_" + h.Suffix, suffixedUat);
            if (parts.Count == 0)
            {
                continue;
            }

            var cookie = string.Join("; ", parts);
            (string, string)[] headers = dest is null ? [("Cookie", cookie)] : [("Cookie", cookie), ("Sec-Fetch-Dest", dest)];
            var full = await h.Classifier.ClassifyAsync(Describe(method, headers), now);
            cases++;
            if (!h.Classifier.Core.TryClassifyKnownCookie(method, cookie, dest, false, now, out var fast))
            {
                continue;
            }

            answered++;
            var what = $"{method} dest={dest ?? "-"} cookie={cookie}";
            // The same header string again: answered from the memo of what the header says, the same way.
            Assert.True(h.Classifier.Core.TryClassifyKnownCookie(method, cookie, dest, false, now, out var again), what + ": not answered the second time");
            Assert.True(again.Status == fast.Status && again.Reason == fast.Reason && ReferenceEquals(again.Token, fast.Token), what + ": answered differently the second time");
            Assert.True(full.Status == fast.Status, what + $": full {full.StatusText}/{full.Reason}, shortcut {fast.StatusText}/{fast.Reason}");
            Assert.True(full.Reason == fast.Reason, what);
            Assert.True(full.Message == fast.Message, what);
            Assert.True(ReferenceEquals(full.Token, fast.Token) || full.Token == fast.Token, what);
            Assert.Equal(full.Headers.Count, fast.Headers.Count);
            Assert.False(method == "GET" && dest == "document", "a page navigation is never decided by the shortcut");
            Assert.DoesNotContain("__clerk_handshake", cookie);
        }

        // Not vacuous: the plain signed-in API call, in both cookie families, is answered.
        Assert.True(answered >= 100, $"the shortcut answered {answered} of {cases} cases");
    }

    [Fact]
    public async Task PlainSignedInApiCall_Answered_SignedIn()
    {
        using var h = new Harness(production: true);
        var token = h.Token(o => o.AuthorizedParty = Harness.AppOrigin);
        var cookie = $"__session={token}; __client_uat={h.NowSeconds - 5}";
        Assert.True((await h.FetchAsync(cookie)).IsSignedIn);

        Assert.True(h.Classifier.Core.TryClassifyKnownCookie("GET", cookie, "empty", false, h.Now, out var state));
        Assert.True(state!.IsSignedIn);
        Assert.Equal(token, state.Token);
    }

    [Fact]
    public async Task SameHeaderString_AfterTheTokenExpired_LeftToTheFullPath()
    {
        using var h = new Harness(production: true);
        var token = h.Token(o => o.AuthorizedParty = Harness.AppOrigin);
        var cookie = $"__session={token}; __client_uat={h.NowSeconds - 5}";
        Assert.True((await h.FetchAsync(cookie)).IsSignedIn);
        Assert.True(h.Classifier.Core.TryClassifyKnownCookie("GET", cookie, "empty", false, h.Now, out _));

        // The header was read once and remembered; the token's time is judged on every request.
        var later = h.Now.AddMinutes(10);
        Assert.False(h.Classifier.Core.TryClassifyKnownCookie("GET", cookie, "empty", false, later, out _));
        var full = await h.Classifier.ClassifyAsync(Describe("GET", [("Cookie", cookie), ("Sec-Fetch-Dest", "empty")]), later);
        Assert.False(full.IsSignedIn);
    }

    [Fact]
    public async Task SameHeaderString_AfterTheSessionWasRevoked_SignedOut()
    {
        var revocations = new SwitchableRevocations();
        using var h = new Harness(production: true, revocations: revocations);
        var token = h.Token(o => { o.SessionId = "sess_memo"; o.AuthorizedParty = Harness.AppOrigin; });
        var cookie = $"__session={token}; __client_uat={h.NowSeconds - 5}";
        Assert.True((await h.FetchAsync(cookie)).IsSignedIn);
        Assert.True(h.Classifier.Core.TryClassifyKnownCookie("POST", cookie, null, false, h.Now, out var before));
        Assert.True(before!.IsSignedIn);

        revocations.Revoked = "sess_memo";

        Assert.True(h.Classifier.Core.TryClassifyKnownCookie("POST", cookie, null, false, h.Now, out var after));
        Assert.False(after!.IsSignedIn);
        Assert.Equal(LatchkeyReasonCodes.SessionRevoked, after.Reason);
    }

    [Fact]
    public async Task EqualHeaderInAnotherString_AnsweredTheSame()
    {
        using var h = new Harness(production: true);
        var token = h.Token(o => o.AuthorizedParty = Harness.AppOrigin);
        var cookie = $"__session={token}; __client_uat={h.NowSeconds - 5}";
        Assert.True((await h.FetchAsync(cookie)).IsSignedIn);
        var copy = new string(cookie.AsSpan());
        Assert.False(ReferenceEquals(cookie, copy));

        Assert.True(h.Classifier.Core.TryClassifyKnownCookie("POST", cookie, null, false, h.Now, out var first));
        Assert.True(h.Classifier.Core.TryClassifyKnownCookie("POST", copy, null, false, h.Now, out var second));
        Assert.True(first!.IsSignedIn);
        Assert.True(second!.IsSignedIn);
        Assert.Same(first.Token, second.Token);
    }

    [Fact]
    public async Task RepeatedSecFetchDest_NotAnsweredForGet()
    {
        using var h = new Harness(production: true);
        var token = h.Token(o => o.AuthorizedParty = Harness.AppOrigin);
        var cookie = $"__session={token}; __client_uat={h.NowSeconds - 5}";
        Assert.True((await h.FetchAsync(cookie)).IsSignedIn);

        Assert.False(h.Classifier.Core.TryClassifyKnownCookie("GET", cookie, null, hasOtherSecFetchDest: true, h.Now, out _));
    }

    [Fact]
    public void CookieNamesCount_IsTheLengthOfTheNameList()
    {
        Assert.Equal(Latchkey.AspNetCore.Classification.CookieNames.Count, new Latchkey.AspNetCore.Classification.CookieNames("abc").All.Length);
    }

    [Fact]
    public void CookieNameIndexes_PointAtTheirNames()
    {
        var names = new Latchkey.AspNetCore.Classification.CookieNames("abc");
        Assert.Equal("__session", names.All[Latchkey.AspNetCore.Classification.CookieNames.SessionIndex]);
        Assert.Equal("__session_abc", names.All[Latchkey.AspNetCore.Classification.CookieNames.SuffixedSessionIndex]);
        Assert.Equal("__client_uat", names.All[Latchkey.AspNetCore.Classification.CookieNames.ClientUatIndex]);
        Assert.Equal("__client_uat_abc", names.All[Latchkey.AspNetCore.Classification.CookieNames.SuffixedClientUatIndex]);
        Assert.Equal("__clerk_handshake", names.All[Latchkey.AspNetCore.Classification.CookieNames.HandshakeIndex]);
        Assert.Equal("__clerk_handshake_nonce", names.All[Latchkey.AspNetCore.Classification.CookieNames.HandshakeNonceIndex]);
    }

    [Fact]
    public void DevelopmentInstance_NeverReadsKnownCookies()
    {
        using var h = new Harness(production: false);

        Assert.False(h.Classifier.Core.ReadsKnownCookies);
    }

    [Fact]
    public void OrganizationSyncConfigured_NeverReadsKnownCookies()
    {
        using var h = new Harness(production: true, configure: o => o.OrganizationSync = new() { OrganizationPatterns = { "/orgs/:slug" } });

        Assert.False(h.Classifier.Core.ReadsKnownCookies);
    }

    [Fact]
    public void MachineTokensAcceptedToo_NeverReadsKnownCookies()
    {
        using var h = new Harness(production: true, configure: o => o.AcceptsToken = LatchkeyTokenTypes.SessionToken | LatchkeyTokenTypes.ApiKey);

        Assert.False(h.Classifier.Core.ReadsKnownCookies);
    }

    private sealed class SwitchableRevocations : IRevocationSource
    {
        public string? Revoked { get; set; }

        public bool IsRevoked(string sessionId, DateTimeOffset issuedAt) => sessionId == Revoked;
    }

    private static void Add(List<string> parts, string name, string? value)
    {
        if (value is not null)
        {
            parts.Add(name + "=" + value);
        }
    }

    private static LatchkeyRequestDescription Describe(string method, (string Name, string Value)[] headers) =>
        new(method, new Uri(Harness.AppOrigin + "/api"), headers.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)));
}
