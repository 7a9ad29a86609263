using Latchkey.Server.Configuration;
using Latchkey.Server.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Hosting;

/// <summary>Registers every service of the server (one place; <c>Program.cs</c> stays thin).</summary>
internal static class ServerServiceCollectionExtensions
{
    public static IServiceCollection AddLatchkeyServer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LatchkeyServerOptions>()
            .Bind(configuration.GetSection(LatchkeyServerOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LatchkeyServerOptions>, LatchkeyServerOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StartupInitializer>();

        // The provider decides which context type (and so which migrations) is registered.
        var snapshot = configuration.GetSection(LatchkeyServerOptions.SectionName).Get<LatchkeyServerOptions>() ?? new LatchkeyServerOptions();
        services.AddLatchkeyStorage(snapshot);
        return services;
    }

    public static WebApplication UseLatchkeyServer(this WebApplication app)
    {
        return app;
    }
}
