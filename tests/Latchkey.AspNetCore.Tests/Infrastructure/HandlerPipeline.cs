using Latchkey.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.AspNetCore.Tests.Infrastructure;

/// <summary>
/// The Latchkey scheme as an app registers it (services with a <see cref="TestIssuer"/>), and
/// requests to run through ASP.NET Core's authentication in process, for tests of the handler
/// itself (principal, events, cancellation) rather than the classifier.
/// </summary>
internal static class HandlerPipeline
{
    /// <summary>Services with the Latchkey scheme as default, configured, then pointed at the issuer.</summary>
    public static ServiceProvider Services(TestIssuer issuer, Action<LatchkeyAuthenticationOptions>? configure = null, Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAuthentication(LatchkeyDefaults.AuthenticationScheme).AddLatchkey(configure ?? (_ => { }));
        services.AddLatchkeyTestIssuer(issuer);
        more?.Invoke(services);
        return services.BuildServiceProvider();
    }

    /// <summary>A <c>GET http://127.0.0.1:5200/api</c> with the token as a Bearer credential (none when null).</summary>
    public static DefaultHttpContext Request(IServiceProvider requestServices, string? bearerToken)
    {
        var context = new DefaultHttpContext { RequestServices = requestServices };
        context.Request.Method = "GET";
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("127.0.0.1", 5200);
        context.Request.Path = "/api";
        if (bearerToken is not null)
        {
            context.Request.Headers.Authorization = "Bearer " + bearerToken;
        }

        return context;
    }
}
