using System.Security.Claims;
using Latchkey.AspNetCore.Tests.Infrastructure;
using Latchkey.Testing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.AspNetCore.Tests.Authentication;

/// <summary>
/// <see cref="LatchkeyEvents"/>: a delegate set on <c>OnSignedIn</c>/<c>OnSignedOut</c>, or a derived
/// class registered through <c>EventsType</c>, is called and its outcome wins; without a hook the
/// handler signs the request in with the principal it built.
/// </summary>
public sealed class EventsTests : IDisposable
{
    private readonly TestIssuer _issuer = new(production: true);
    private ServiceProvider? _services;

    [Fact]
    public async Task OnSignedIn_ReplacesThePrincipal_RequestCarriesTheReplacement()
    {
        var replacement = new ClaimsPrincipal(new ClaimsIdentity([new Claim("app_role", "auditor")], "replaced"));
        LatchkeySignedInContext? seen = null;
        var user = await AuthenticateAsync(o => o.Events.OnSignedIn = c =>
        {
            seen = c;
            c.Principal = replacement;
            return Task.CompletedTask;
        });

        Assert.Same(replacement, user.Principal);
        Assert.NotNull(seen);
        Assert.Equal("user_e", seen!.State.SessionClaims!.UserId);
    }

    [Fact]
    public async Task OnSignedIn_Fails_RequestIsNotSignedIn()
    {
        var user = await AuthenticateAsync(o => o.Events.OnSignedIn = c =>
        {
            c.Fail("the app refuses this user");
            return Task.CompletedTask;
        });

        Assert.False(user.Principal.Identity?.IsAuthenticated ?? false);
        Assert.Equal("the app refuses this user", user.Result.Failure?.Message);
    }

    [Fact]
    public async Task EventsType_DerivedClassOverridingSignedIn_IsCalled()
    {
        var user = await AuthenticateAsync(o => o.EventsType = typeof(TaggingEvents), s => s.AddScoped<TaggingEvents>());

        Assert.Equal("yes", user.Principal.FindFirst("tagged")?.Value);
        Assert.Equal("user_e", user.Principal.FindFirst(ClaimTypes.NameIdentifier)?.Value);
    }

    [Fact]
    public async Task NoHook_SignedInWithTheBuiltPrincipal()
    {
        var user = await AuthenticateAsync(_ => { });

        Assert.True(user.Result.Succeeded);
        Assert.Equal(LatchkeyDefaults.AuthenticationScheme, user.Result.Ticket!.AuthenticationScheme);
        Assert.Equal("user_e", user.Principal.FindFirst(ClaimTypes.NameIdentifier)?.Value);
    }

    [Fact]
    public async Task OnSignedOut_Succeeds_RequestWithoutTokenSignedInAsTheHookSays()
    {
        var guest = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "guest")], "guest"));
        var user = await AuthenticateAsync(
            o => o.Events.OnSignedOut = c =>
            {
                Assert.Equal("session-token-and-uat-missing", c.State.Reason);
                c.Principal = guest;
                c.Success();
                return Task.CompletedTask;
            },
            withToken: false);

        Assert.Equal("guest", user.Principal.FindFirst(ClaimTypes.NameIdentifier)?.Value);
    }

    public void Dispose()
    {
        _services?.Dispose();
        _issuer.Dispose();
    }

    private async Task<(ClaimsPrincipal Principal, AuthenticateResult Result)> AuthenticateAsync(
        Action<LatchkeyAuthenticationOptions> configure, Action<IServiceCollection>? services = null, bool withToken = true)
    {
        _services = HandlerPipeline.Services(_issuer, configure, services);
        await using var scope = _services.CreateAsyncScope();
        var context = HandlerPipeline.Request(scope.ServiceProvider, withToken ? _issuer.MintSessionToken(new TestTokenOptions { UserId = "user_e" }) : null);
        var result = await context.AuthenticateAsync(LatchkeyDefaults.AuthenticationScheme);
        return (result.Principal ?? context.User, result);
    }

    /// <summary>Events derived and registered as a service, as <c>EventsType</c> allows.</summary>
    private sealed class TaggingEvents : LatchkeyEvents
    {
        public override Task SignedIn(LatchkeySignedInContext context)
        {
            ((ClaimsIdentity)context.Principal!.Identity!).AddClaim(new Claim("tagged", "yes"));
            return base.SignedIn(context);
        }
    }
}
