using System.Diagnostics;
using Latchkey.AspNetCore.Tests.Infrastructure;
using Latchkey.Testing;
using Latchkey.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.AspNetCore.Tests.Authentication;

/// <summary>
/// The handler reads the request's <c>RequestAborted</c> only when the classifier makes a network
/// call (Kestrel takes a lock and a <see cref="CancellationTokenSource"/> for it): a networkless
/// signed-in request never reads it, and a request waiting on a hanging JWKS stops waiting when
/// the client goes away.
/// </summary>
public sealed class RequestAbortedTests : IAsyncLifetime
{
    private readonly TestIssuer _issuer = new(production: true);
    private FakeBackendApi _api = null!;
    private ServiceProvider? _services;

    public async Task InitializeAsync() => _api = await FakeBackendApi.StartAsync();

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await _api.DisposeAsync();
        _issuer.Dispose();
    }

    [Fact]
    public async Task Authenticate_NetworklessSignedIn_NeverReadsRequestAborted()
    {
        var lifetime = new CountingLifetime();

        var result = await AuthenticateAsync(remote: false, lifetime);

        Assert.True(result.Succeeded);
        Assert.Equal(0, lifetime.Reads);
    }

    [Fact]
    public async Task Authenticate_JwksHangsAndClientLeaves_StopsWaiting()
    {
        _api.Jwks = () =>
        {
            Thread.Sleep(4000);
            return (200, VerificationKeySet.Create(_issuer.SigningKey.PublicKey).ToJwks().ToJson());
        };
        using var leave = new CancellationTokenSource();
        var lifetime = new CountingLifetime { RequestAborted = leave.Token };
        leave.CancelAfter(200);

        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AuthenticateAsync(remote: true, lifetime));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"waited {watch.Elapsed} after the client left");
        Assert.True(lifetime.Reads > 0);
    }

    private async Task<AuthenticateResult> AuthenticateAsync(bool remote, CountingLifetime lifetime)
    {
        // The issuer's settings are applied after configuration: remote keys must come later still.
        _services = HandlerPipeline.Services(_issuer, more: services => services.PostConfigureAll<LatchkeyAuthenticationOptions>(o =>
        {
            if (remote)
            {
                o.JwtKey = null;
                o.ApiUrl = _api.Url;
                o.JwksFetchAttempts = 1;
                o.BackendApiTimeout = TimeSpan.FromSeconds(10);
            }
        }));
        await using var scope = _services.CreateAsyncScope();
        var context = HandlerPipeline.Request(scope.ServiceProvider, _issuer.MintSessionToken());
        context.Features.Set<IHttpRequestLifetimeFeature>(lifetime);
        return await context.AuthenticateAsync(LatchkeyDefaults.AuthenticationScheme);
    }

    /// <summary>A request lifetime that counts how often its token is read.</summary>
    private sealed class CountingLifetime : IHttpRequestLifetimeFeature
    {
        private CancellationToken _token;

        public int Reads { get; private set; }

        public CancellationToken RequestAborted
        {
            get
            {
                Reads++;
                return _token;
            }

            set => _token = value;
        }

        public void Abort()
        {
        }
    }
}
