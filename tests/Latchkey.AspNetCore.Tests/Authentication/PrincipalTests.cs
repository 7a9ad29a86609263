using System.Security.Claims;
using Latchkey.AspNetCore.Tests.Infrastructure;
using Latchkey.Testing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.AspNetCore.Tests.Authentication;

/// <summary>
/// The principal of a signed-in request. Its claims are built once per token and cloned into each
/// request's identity: requests with the same token never share a mutable object.
/// </summary>
public sealed class PrincipalTests : IDisposable
{
    private readonly TestIssuer _issuer = new(production: true);
    private readonly ServiceProvider _services;
    private readonly AuthenticationMiddleware _middleware;

    public PrincipalTests()
    {
        _services = HandlerPipeline.Services(_issuer);
        _middleware = new AuthenticationMiddleware(_ => Task.CompletedTask, _services.GetRequiredService<IAuthenticationSchemeProvider>());
    }

    [Fact]
    public async Task Authenticate_SameTokenTwice_EqualClaimsInDistinctObjects()
    {
        var token = _issuer.MintSessionToken(new TestTokenOptions { UserId = "user_p", OrganizationId = "org_p", OrganizationRole = "admin" });

        var first = await AuthenticateAsync(token);
        var second = await AuthenticateAsync(token);

        var firstIdentity = Assert.IsType<ClaimsIdentity>(first.Identity);
        var secondIdentity = Assert.IsType<ClaimsIdentity>(second.Identity);
        Assert.NotSame(firstIdentity, secondIdentity);
        Assert.Equal(Describe(firstIdentity), Describe(secondIdentity));
        Assert.All(firstIdentity.Claims, c => Assert.Same(firstIdentity, c.Subject));
        Assert.All(secondIdentity.Claims, c => Assert.Same(secondIdentity, c.Subject));
        Assert.Empty(firstIdentity.Claims.Intersect(secondIdentity.Claims, ReferenceEqualityComparer.Instance));
        Assert.Equal("user_p", firstIdentity.Name);
        Assert.True(first.IsInRole("org:admin"));
        Assert.Equal("user_p", first.FindFirst(ClaimTypes.NameIdentifier)?.Value);
        Assert.Equal("sess_test", first.FindFirst("sid")?.Value);
        Assert.Equal(LatchkeyDefaults.AuthenticationScheme, first.FindFirst("sub")?.Issuer);
    }

    [Fact]
    public async Task Authenticate_ClaimAddedToOneRequest_NotSeenByTheNext()
    {
        var token = _issuer.MintSessionToken();
        var first = await AuthenticateAsync(token);
        var claimCount = first.Claims.Count();

        ((ClaimsIdentity)first.Identity!).AddClaim(new Claim("added", "by-app"));
        first.FindFirst("sid")!.Properties["touched"] = "yes";
        var second = await AuthenticateAsync(token);

        Assert.Equal(claimCount, second.Claims.Count());
        Assert.Null(second.FindFirst("added"));
        Assert.False(second.FindFirst("sid")!.Properties.ContainsKey("touched"));
    }

    [Fact]
    public async Task Authenticate_Default_PrincipalHasUserClaimsAndLeavesTokenClaimsOnAuth()
    {
        var token = _issuer.MintSessionToken(new TestTokenOptions
        {
            UserId = "user_p",
            AuthorizedParty = "http://127.0.0.1:5200",
            FactorVerificationAge = (3, -1),
            CustomClaims = { ["email"] = System.Text.Json.JsonSerializer.SerializeToElement("p@example.com") },
        });

        var (principal, auth) = await AuthenticateWithAuthAsync(token);

        Assert.Equal("user_p", principal.FindFirst(ClaimTypes.NameIdentifier)?.Value);
        Assert.Equal("user_p", principal.FindFirst("sub")?.Value);
        Assert.Equal("sess_test", principal.FindFirst("sid")?.Value);
        Assert.Equal("active", principal.FindFirst("sts")?.Value);
        Assert.Equal(["3", "-1"], principal.FindAll("fva").Select(c => c.Value));
        Assert.Equal("p@example.com", principal.FindFirst("email")?.Value);
        foreach (var tokenClaim in new[] { "iss", "azp", "iat", "nbf", "exp", "jti", "v" })
        {
            Assert.Null(principal.FindFirst(tokenClaim));
        }

        // Still there for code that needs them, on the auth object.
        Assert.Equal("http://127.0.0.1:5200", auth.Claims!.AuthorizedParty);
        Assert.Equal(_issuer.FrontendApiUrl.TrimEnd('/'), auth.Claims.Issuer!.TrimEnd('/'));
        Assert.True(auth.Claims.ExpiresAt > auth.Claims.IssuedAt);
    }

    [Fact]
    public async Task Authenticate_MapTokenClaims_PrincipalAlsoHasTheTokenClaims()
    {
        using var services = HandlerPipeline.Services(_issuer, o => o.MapTokenClaims = true);
        var token = _issuer.MintSessionToken(new TestTokenOptions { UserId = "user_p", AuthorizedParty = "http://127.0.0.1:5200" });

        var (principal, auth) = await AuthenticateWithAuthAsync(token, services);

        Assert.Equal("http://127.0.0.1:5200", principal.FindFirst("azp")?.Value);
        Assert.Equal(auth.Claims!.ExpiresAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), principal.FindFirst("exp")?.Value);
        Assert.Equal(ClaimValueTypes.Integer64, principal.FindFirst("iat")?.ValueType);
        Assert.NotNull(principal.FindFirst("iss"));
        Assert.Equal("user_p", principal.FindFirst("sub")?.Value);
    }

    public void Dispose()
    {
        _services.Dispose();
        _issuer.Dispose();
    }

    private async Task<(ClaimsPrincipal Principal, LatchkeyAuth Auth)> AuthenticateWithAuthAsync(string token, ServiceProvider? services = null)
    {
        services ??= _services;
        await using var scope = services.CreateAsyncScope();
        var context = HandlerPipeline.Request(scope.ServiceProvider, token);
        await new AuthenticationMiddleware(_ => Task.CompletedTask, services.GetRequiredService<IAuthenticationSchemeProvider>()).Invoke(context);
        Assert.True(context.User.Identity?.IsAuthenticated);
        return (context.User, context.GetLatchkeyAuth());
    }

    private static string[] Describe(ClaimsIdentity identity) =>
        [.. identity.Claims.Select(c => $"{c.Type}|{c.Value}|{c.ValueType}|{c.Issuer}"), identity.AuthenticationType!, identity.NameClaimType, identity.RoleClaimType];

    private async Task<ClaimsPrincipal> AuthenticateAsync(string token) => (await AuthenticateWithAuthAsync(token)).Principal;
}
