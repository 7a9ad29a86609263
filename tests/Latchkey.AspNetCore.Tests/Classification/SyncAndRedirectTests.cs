using Latchkey.AspNetCore.Tests.Infrastructure;

namespace Latchkey.AspNetCore.Tests.Classification;

/// <summary>Satellites and development sync (C2–C6, §7.2), eligibility and the loop guard (§5.8).</summary>
public sealed class SyncAndRedirectTests
{
    private static Harness ProdSatellite(bool autoSync = false) => new(production: true, configure: o =>
    {
        o.IsSatellite = true;
        o.Domain = "satellite.example";
        o.SatelliteAutoSync = autoSync;
    });

    private static Harness DevSatellite() => new(configure: o =>
    {
        o.IsSatellite = true;
        o.Domain = "127.0.0.1:5200";
        o.SignInUrl = "http://127.0.0.1:5300/sign-in";
    });

    [Fact]
    [Covers("C2", "C3")]
    public async Task Classify_ProductionSatelliteWithoutCookies_SignedOutWithoutSync()
    {
        using var h = ProdSatellite();
        var state = await h.NavigateAsync("a=1");
        Assert.Equal(LatchkeyAuthStatus.SignedOut, state.Status);
        Assert.Equal("session-token-and-uat-missing", state.Reason);
    }

    [Fact]
    [Covers("C3", "satellite-needs-syncing")]
    public async Task Classify_ProductionSatelliteAskedToSync_HandshakeToSatelliteFrontendApi()
    {
        using var h = ProdSatellite();
        var state = await h.NavigateAsync("a=1", "/?__clerk_synced=false");
        Assert.Equal(LatchkeyAuthStatus.Handshake, state.Status);
        Assert.Equal("satellite-needs-syncing", state.Reason);
        Assert.StartsWith("https://clerk.satellite.example/v1/client/handshake?", state.Location);
    }

    [Fact]
    [Covers("C2", "C3")]
    public async Task Classify_ProductionSatelliteAutoSyncWithoutCookies_Handshake()
    {
        using var h = ProdSatellite(autoSync: true);
        var state = await h.NavigateAsync("a=1");
        Assert.Equal("satellite-needs-syncing", state.Reason);
        Assert.Equal(LatchkeyAuthStatus.Handshake, state.Status);
    }

    [Fact]
    [Covers("C3")]
    public async Task Classify_ProductionSatelliteSyncDone_FallsThroughToSignedOut()
    {
        using var h = ProdSatellite(autoSync: true);
        var state = await h.NavigateAsync("a=1", "/?__clerk_synced=true");
        Assert.Equal("session-token-and-uat-missing", state.Reason);
    }

    [Fact]
    [Covers("C4")]
    public async Task Classify_DevelopmentSatelliteAskedToSync_RedirectsToPrimarySignIn()
    {
        using var h = DevSatellite();
        var state = await h.NavigateAsync("a=1", "/page?__clerk_synced=false");
        Assert.Equal(LatchkeyAuthStatus.Handshake, state.Status);
        Assert.Equal("satellite-needs-syncing", state.Reason);
        Assert.StartsWith("http://127.0.0.1:5300/sign-in?__clerk_redirect_url=http%3A%2F%2F127.0.0.1%3A5200%2Fpage", state.Location);
    }

    [Fact]
    [Covers("C4")]
    public async Task Classify_DevelopmentSatelliteWithoutCookies_SignedOut()
    {
        using var h = DevSatellite();
        Assert.Equal("session-token-and-uat-missing", (await h.NavigateAsync("a=1")).Reason);
    }

    [Fact]
    [Covers("C5", "primary-responds-to-syncing")]
    public async Task Classify_DevelopmentPrimaryAskedBySatellite_RedirectsBackWithDevBrowser()
    {
        using var h = new Harness();
        var state = await h.NavigateAsync("__clerk_db_jwt=dvb_1", "/?__clerk_redirect_url=" + Uri.EscapeDataString("http://127.0.0.1:5300/back?__clerk_synced=false"));
        Assert.Equal(LatchkeyAuthStatus.Handshake, state.Status);
        Assert.Equal("primary-responds-to-syncing", state.Reason);
        Assert.Equal("http://127.0.0.1:5300/back?__clerk_synced=true&__clerk_db_jwt=dvb_1", state.Location);
    }

    [Fact]
    [Covers("C5", "redirect-url-not-allowed")]
    public async Task Classify_DevelopmentPrimaryAskedToRedirectToForeignOrigin_SignedOutNeverRedirects()
    {
        using var h = new Harness();
        var state = await h.NavigateAsync("__clerk_db_jwt=dvb_1", "/?__clerk_redirect_url=" + Uri.EscapeDataString("https://evil.example/steal"));
        Assert.Equal(LatchkeyAuthStatus.SignedOut, state.Status);
        Assert.Equal("redirect-url-not-allowed", state.Reason);
        Assert.Null(state.Location);
    }

    [Fact]
    [Covers("C5")]
    public async Task Classify_ConfiguredRedirectOrigin_Allowed()
    {
        using var h = new Harness(configure: o => o.AllowedRedirectOrigins.Add("https://app.example"));
        var state = await h.NavigateAsync("__clerk_db_jwt=dvb_1", "/?__clerk_redirect_url=" + Uri.EscapeDataString("https://app.example/x"));
        Assert.Equal("primary-responds-to-syncing", state.Reason);
        Assert.StartsWith("https://app.example/x?", state.Location);
    }

    [Fact]
    [Covers("C6", "dev-browser-sync")]
    public async Task Classify_DevBrowserInQuery_HandshakeDevBrowserSyncWithoutTokenInRedirectUrl()
    {
        using var h = new Harness();
        var state = await h.NavigateAsync(h.Cookies(h.Token()), "/p?__clerk_db_jwt=dvb_2");
        Assert.Equal("dev-browser-sync", state.Reason);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(state.Location!).Query);
        Assert.Equal("http://127.0.0.1:5200/p", query["redirect_url"]);
        Assert.Equal("dvb_2", query["__clerk_db_jwt"]);
        Assert.Equal("nonce", query["format"]);
        Assert.Equal("2026-05-12", query["__clerk_api_version"]);
        Assert.Equal("false", query["suffixed_cookies"]);
        Assert.False(string.IsNullOrEmpty(query["__session"]));
    }

    [Fact]
    public async Task Classify_ProxyUrlRelative_HandshakeThroughProxyOnRequestOrigin()
    {
        using var h = new Harness(production: true, configure: o => o.ProxyUrl = "/__clerk");
        var state = await h.NavigateAsync($"__client_uat={h.NowSeconds}");
        Assert.StartsWith("http://127.0.0.1:5200/__clerk/v1/client/handshake?", state.Location);
    }

    [Fact]
    public async Task Classify_ProxyUrlAbsoluteWithSlash_TrailingSlashTrimmed()
    {
        using var h = new Harness(production: true, configure: o => o.ProxyUrl = "https://app.example/clerk/");
        var state = await h.NavigateAsync($"__client_uat={h.NowSeconds}");
        Assert.StartsWith("https://app.example/clerk/v1/client/handshake?", state.Location);
    }

    [Fact]
    public async Task Classify_RedirectCounterAtThree_SignedOutWithReason()
    {
        using var h = new Harness(production: true);
        var state = await h.NavigateAsync($"__client_uat={h.NowSeconds}; __clerk_redirect_count=3");
        Assert.Equal(LatchkeyAuthStatus.SignedOut, state.Status);
        Assert.Equal("client-uat-but-no-session-token", state.Reason);
    }

    [Fact]
    public async Task Classify_RedirectCounterAboveThree_StillStops()
    {
        using var h = new Harness(production: true);
        var state = await h.NavigateAsync($"__client_uat={h.NowSeconds}; __clerk_redirect_count=7");
        Assert.Equal(LatchkeyAuthStatus.SignedOut, state.Status);
    }

    [Fact]
    public async Task Classify_RedirectCounterTwo_IncrementsToThree()
    {
        using var h = new Harness(production: true);
        var state = await h.NavigateAsync($"__client_uat={h.NowSeconds}; __clerk_redirect_count=2");
        Assert.Contains(state.Headers, x => x.Key == "Set-Cookie" && x.Value.StartsWith("__clerk_redirect_count=3;", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("GET", "document", null, true)]
    [InlineData("GET", "iframe", null, true)]
    [InlineData("GET", null, "text/html,*/*", true)]
    [InlineData("GET", null, "application/json", false)]
    [InlineData("GET", "empty", "text/html", false)]
    [InlineData("POST", "document", "text/html", false)]
    [InlineData("HEAD", "document", "text/html", false)]
    public async Task Classify_HandshakeEligibility_OnlyGetNavigations(string method, string? dest, string? accept, bool handshake)
    {
        using var h = new Harness(production: true);
        var headers = new List<(string, string)> { ("Cookie", $"__client_uat={h.NowSeconds}") };
        if (dest is not null)
        {
            headers.Add(("Sec-Fetch-Dest", dest));
        }

        if (accept is not null)
        {
            headers.Add(("Accept", accept));
        }

        var state = await h.ClassifyAsync("/", method, [.. headers]);
        Assert.Equal(handshake ? LatchkeyAuthStatus.Handshake : LatchkeyAuthStatus.SignedOut, state.Status);
        Assert.Equal(handshake, state.Location is not null);
    }

    [Fact]
    public async Task Classify_SuffixedCookiesPreferred_WhenBothFamiliesSignedIn()
    {
        using var h = new Harness(production: true);
        var sfx = h.Suffix;
        var token = h.Token();
        var state = await h.NavigateAsync($"__session=garbage.x.y; __session_{sfx}={token}; __client_uat_{sfx}={h.NowSeconds - 1}; __client_uat={h.NowSeconds - 1}");
        // Rule 1: an un-suffixed session that does not decode selects the un-suffixed family.
        Assert.Equal("token-invalid", state.Reason);
        var ok = await h.NavigateAsync($"__session_{sfx}={token}; __client_uat_{sfx}={h.NowSeconds - 1}");
        Assert.True(ok.IsSignedIn);
    }

    [Fact]
    public async Task Classify_ClientUatNotStrictNumber_TreatedAsZero()
    {
        using var h = new Harness(production: true);
        var state = await h.NavigateAsync("__client_uat=12abc");
        Assert.Equal("session-token-and-uat-missing", state.Reason);
    }

    [Fact]
    public async Task Classify_PercentEncodedSemicolonInCookie_DoesNotForgeCookie()
    {
        using var h = new Harness(production: true);
        var state = await h.NavigateAsync($"x=a%3B%20__client_uat%3D{h.NowSeconds}");
        Assert.Equal("session-token-and-uat-missing", state.Reason);
    }
}
