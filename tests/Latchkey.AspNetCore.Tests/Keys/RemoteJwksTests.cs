using Latchkey.AspNetCore.Tests.Infrastructure;
using Latchkey.Tokens;

namespace Latchkey.AspNetCore.Tests.Keys;

/// <summary>Remote JWKS (§4.3 hardened): fetch with the secret key, kid refetch with cooldown, outage, failure reasons.</summary>
public sealed class RemoteJwksTests : IAsyncLifetime
{
    private FakeBackendApi _api = null!;

    public async Task InitializeAsync() => _api = await FakeBackendApi.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private Harness Remote(string issuerName = "main", Action<LatchkeyAuthenticationOptions>? configure = null) => new(production: true, issuerName: issuerName, configure: o =>
    {
        o.JwtKey = null;
        o.ApiUrl = _api.Url;
        o.JwksRetryDelay = TimeSpan.FromMilliseconds(1);
        o.JwksRefreshCooldown = TimeSpan.Zero;
        configure?.Invoke(o);
    });

    private static string Jwks(Harness h) => VerificationKeySet.Create(h.Issuer.SigningKey.PublicKey).ToJwks().ToJson();

    [Fact]
    public async Task Classify_RemoteJwks_FetchedOnceWithSecretKeyThenCached()
    {
        using var h = Remote();
        _api.Jwks = () => (200, Jwks(h));
        Assert.True((await h.BearerAsync(h.Token())).IsSignedIn);
        Assert.True((await h.BearerAsync(h.Token(o => o.SessionId = "sess_2"))).IsSignedIn);
        Assert.Equal(1, _api.JwksCalls);
        Assert.Contains(_api.Requests, r => r.Path == "/v1/jwks" && r.Authorization == "Bearer " + h.Options.SecretKey);
    }

    [Fact]
    public async Task KnownBearer_FreshRemoteKeys_AnsweredByTheShortcutWithoutAnotherFetch()
    {
        using var h = Remote();
        _api.Jwks = () => (200, Jwks(h));
        var token = h.Token();
        Assert.True((await h.BearerAsync(token)).IsSignedIn);

        var answered = h.Classifier.Core.TryClassifyKnownBearer("Bearer " + token, h.Now, out var state);

        Assert.True(answered);
        Assert.True(state!.IsSignedIn);
        Assert.Equal(1, _api.JwksCalls);
    }

    [Fact]
    public async Task KnownBearer_StaleRemoteKeys_NotAnsweredByTheShortcut_FullPathStillSignsIn()
    {
        using var h = Remote(configure: o => o.JwksCacheDuration = TimeSpan.FromTicks(1));
        _api.Jwks = () => (200, Jwks(h));
        var token = h.Token();
        Assert.True((await h.BearerAsync(token)).IsSignedIn);

        var answered = h.Classifier.Core.TryClassifyKnownBearer("Bearer " + token, h.Now, out _);

        Assert.False(answered);
        Assert.True((await h.BearerAsync(token)).IsSignedIn);
    }

    [Fact]
    [Covers("jwk-kid-mismatch")]
    public async Task Classify_UnknownKid_RefetchedThenKidMismatch()
    {
        using var h = Remote();
        using var other = new Harness(production: true, issuerName: "other");
        _api.Jwks = () => (200, Jwks(other));
        var state = await h.BearerAsync(h.Token());
        Assert.Equal("jwk-kid-mismatch", state.Reason);
    }

    [Fact]
    public async Task Classify_UnknownKidWithinCooldown_NoSecondFetch()
    {
        using var h = Remote(configure: o => o.JwksRefreshCooldown = TimeSpan.FromMinutes(1));
        using var other = new Harness(production: true, issuerName: "other");
        _api.Jwks = () => (200, Jwks(other));
        await h.BearerAsync(h.Token());
        await h.BearerAsync(h.Token());
        Assert.Equal(1, _api.JwksCalls);
    }

    [Fact]
    [Covers("jwk-remote-failed-to-load")]
    public async Task Classify_JwksServerFails_FailedToLoadAfterRetries()
    {
        using var h = Remote(configure: o => o.JwksFetchAttempts = 3);
        _api.Jwks = () => (503, "{}");
        var state = await h.BearerAsync(h.Token());
        Assert.Equal("jwk-remote-failed-to-load", state.Reason);
        Assert.Equal(3, _api.JwksCalls);
    }

    [Fact]
    [Covers("jwk-remote-invalid")]
    public async Task Classify_JwksNotAKeySet_RemoteInvalid()
    {
        using var h = Remote(configure: o => o.JwksFetchAttempts = 1);
        _api.Jwks = () => (200, "{\"keys\":\"nope\"}");
        Assert.Equal("jwk-remote-invalid", (await h.BearerAsync(h.Token())).Reason);
    }

    [Fact]
    [Covers("secret-key-invalid")]
    public async Task Classify_SecretKeyRefused_SecretKeyInvalidWithoutRetry()
    {
        using var h = Remote(configure: o => o.JwksFetchAttempts = 5);
        _api.Jwks = () => (401, "{\"errors\":[{\"code\":\"clerk_key_invalid\",\"message\":\"bad key\"}]}");
        Assert.Equal("secret-key-invalid", (await h.BearerAsync(h.Token())).Reason);
        Assert.Equal(1, _api.JwksCalls);
    }

    [Fact]
    public async Task Classify_ServerDownAfterFirstFetch_LastGoodKeysKeepSigningIn()
    {
        using var h = Remote(configure: o => o.JwksCacheDuration = TimeSpan.FromMilliseconds(1));
        _api.Jwks = () => (200, Jwks(h));
        Assert.True((await h.BearerAsync(h.Token())).IsSignedIn);
        _api.Jwks = () => (503, "{}");
        await Task.Delay(5);
        Assert.True((await h.BearerAsync(h.Token(o => o.SessionId = "sess_3"))).IsSignedIn);
        // The refresh runs behind the request (stale-while-revalidate).
        for (var i = 0; i < 200 && _api.JwksCalls < 2; i++)
        {
            await Task.Delay(10);
        }

        Assert.True(_api.JwksCalls >= 2);
    }

    [Fact]
    public async Task Classify_StaleKeysWhileJwksHangs_ServedWithoutWaitingForTheRefresh()
    {
        using var h = Remote(configure: o =>
        {
            o.JwksCacheDuration = TimeSpan.FromMilliseconds(1);
            o.BackendApiTimeout = TimeSpan.FromSeconds(6);
        });
        _api.Jwks = () => (200, Jwks(h));
        Assert.True((await h.BearerAsync(h.Token())).IsSignedIn);
        // The refresh hangs 4 s; a request that waited for it would take that long, twice the
        // bound below, which leaves room for a loaded CI machine.
        _api.Jwks = () => { Thread.Sleep(4000); return (503, "{}"); };
        await Task.Delay(5);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var state = await h.BearerAsync(h.Token(o => o.SessionId = "sess_4"));

        Assert.True(state.IsSignedIn);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"waited {watch.Elapsed} for the refresh");
    }

    [Fact]
    public async Task Classify_ConcurrentFirstRequests_OneFetchInFlight()
    {
        using var h = Remote();
        _api.Jwks = () => { Thread.Sleep(100); return (200, Jwks(h)); };
        var states = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => h.BearerAsync(h.Token(o => o.SessionId = "sess_c" + i))));
        Assert.All(states, s => Assert.True(s.IsSignedIn));
        Assert.Equal(1, _api.JwksCalls);
    }
}
