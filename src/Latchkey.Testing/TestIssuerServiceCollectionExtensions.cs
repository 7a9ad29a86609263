using Latchkey.AspNetCore;
using Latchkey.Testing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Points an app's Latchkey schemes at a <see cref="TestIssuer"/>.</summary>
public static class TestIssuerServiceCollectionExtensions
{
    /// <summary>
    /// After the app's own configuration: every Latchkey scheme trusts <paramref name="issuer"/>
    /// (networkless, its PEM key), and the app's <see cref="TimeProvider"/> is the issuer's clock.
    /// Call it from <c>ConfigureTestServices</c>.
    /// </summary>
    /// <param name="services">The app's services.</param>
    /// <param name="issuer">The test issuer.</param>
    public static IServiceCollection AddLatchkeyTestIssuer(this IServiceCollection services, TestIssuer issuer)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(issuer);
        services.PostConfigureAll<LatchkeyAuthenticationOptions>(issuer.Configure);
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(issuer.Clock);
        return services;
    }
}
