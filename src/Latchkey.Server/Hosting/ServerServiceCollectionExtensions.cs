using System.Text.Json;
using Latchkey.Server.Audit;
using Latchkey.Server.BackendApi;
using Latchkey.Server.BackendApi.Administration;
using Latchkey.Server.BackendApi.Http;
using Latchkey.Server.BackendApi.Sessions;
using Latchkey.Server.BackendApi.Users;
using Latchkey.Server.FrontendApi.Handshake;
using Latchkey.Server.Clients;
using Latchkey.Server.Configuration;
using Latchkey.Server.Credentials;
using Latchkey.Server.Crypto;
using Latchkey.Server.Development;
using Latchkey.Server.Email;
using Latchkey.Server.HostedPages;
using Latchkey.Server.FrontendApi;
using Latchkey.Server.FrontendApi.Errors;
using Latchkey.Server.FrontendApi.Http;
using Latchkey.Server.FrontendApi.Sessions;
using Latchkey.Server.FrontendApi.SignIns;
using Latchkey.Server.FrontendApi.SignUps;
using Latchkey.Server.Instance;
using Latchkey.Server.Jwks;
using Latchkey.Server.Keys;
using Latchkey.Server.OpenApi;
using Latchkey.Server.Scripts;
using Latchkey.Server.FrontendApi.Tokens;
using Latchkey.Server.Revocation;
using Latchkey.Server.Sessions;
using Latchkey.Server.Storage;
using Latchkey.Server.Users;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Hosting;

/// <summary>Registers every service of the server and builds its pipeline (one place; <c>Program.cs</c> stays thin).</summary>
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
        services.AddHttpContextAccessor();

        // The provider decides which context type (and so which migrations) is registered.
        var snapshot = configuration.GetSection(LatchkeyServerOptions.SectionName).Get<LatchkeyServerOptions>() ?? new LatchkeyServerOptions();
        services.AddLatchkeyStorage(snapshot);
        services.AddLatchkeyRateLimits(snapshot.RateLimits);

        // Instance and crypto
        services.TryAddSingleton<KeyEncryptionKeyRing>();
        services.TryAddSingleton<OriginPolicy>();
        services.TryAddSingleton<InstanceIdentity>();
        services.TryAddSingleton<PasswordHasher>();
        services.TryAddSingleton<PasswordHashGate>();
        services.TryAddSingleton<DecoyIds>();
        services.TryAddSingleton<SigningKeyStore>();
        services.TryAddSingleton<SecretKeys>();
        services.TryAddSingleton<InstanceBootstrapper>();
        // Start-up steps run in this order, after migrations.
        services.AddSingleton<IStartupStep>(sp => sp.GetRequiredService<SigningKeyStore>());
        services.AddSingleton<IStartupStep>(sp => sp.GetRequiredService<InstanceBootstrapper>());
        services.AddHostedService<SigningKeyRefresher>();
        services.AddSingleton<IStartupStep>(sp => sp.GetRequiredService<InvalidationListener>());
        services.TryAddSingleton(sp => new Latchkey.Tokens.SessionTokenMinter(sp.GetRequiredService<TimeProvider>()));

        // Clients, sessions, users, credentials
        services.TryAddSingleton<ClientIdentityCache>();
        services.TryAddSingleton<ClientCookies>();
        services.TryAddScoped<ClientResolver>();
        services.TryAddScoped<ClientService>();
        services.TryAddScoped<ClientView>();
        services.TryAddSingleton<SessionLifetime>();
        services.TryAddSingleton<SessionStateCache>();
        services.TryAddSingleton<LastActiveTracker>();
        services.TryAddSingleton<LastActiveFlusher>();
        services.AddHostedService(sp => sp.GetRequiredService<LastActiveFlusher>());
        services.TryAddSingleton<StoreJanitor>();
        services.AddHostedService(sp => sp.GetRequiredService<StoreJanitor>());
        services.TryAddScoped<SessionService>();

        // Revocation feed and cross-instance invalidation
        services.TryAddSingleton<CacheCoherence>();
        services.TryAddScoped<InvalidationWriter>();
        services.TryAddScoped<RevocationFeed>();
        services.TryAddSingleton<InvalidationListener>();
        services.AddHostedService(sp => sp.GetRequiredService<InvalidationListener>());
        services.TryAddSingleton<RevocationJanitor>();
        services.AddHostedService(sp => sp.GetRequiredService<RevocationJanitor>());
        if (snapshot.Database.EffectiveProvider == DatabaseProvider.PostgreSql && snapshot.Revocation.PostgresNotifications)
        {
            services.TryAddSingleton<PostgresNotifications>();
            services.AddHostedService(sp => sp.GetRequiredService<PostgresNotifications>());
        }

        services.TryAddScoped<UserDirectory>();
        services.TryAddScoped<UserService>();
        services.TryAddScoped<AuditLog>();
        services.TryAddSingleton<LockoutService>();
        services.TryAddSingleton<IdentifierRateLimiter>();
        services.TryAddSingleton<SharedRateLimiter>();
        services.TryAddScoped<EmailCodeService>();

        // Email
        services.TryAddSingleton<SmtpEmailTransport>();
        services.TryAddSingleton<DevelopmentMailbox>();
        services.TryAddSingleton<EmailSender>();
        services.TryAddSingleton<EmailOutbox>();
        services.AddHostedService(sp => sp.GetRequiredService<EmailOutbox>());

        // Frontend API
        services.TryAddSingleton<FrontendRequest>();
        services.TryAddScoped<FrontendResponder>();
        services.TryAddScoped<SignUpService>();
        services.TryAddScoped<SignInService>();
        services.TryAddScoped<SessionActions>();
        services.TryAddScoped<TokenService>();
        services.TryAddSingleton<RedirectUrlValidator>();
        services.TryAddScoped<HandshakeService>();

        // Hosted pages
        services.TryAddSingleton<PageAssets>();
        services.TryAddSingleton<PageLayout>();
        services.TryAddSingleton<PageSecurityHeaders>();
        services.TryAddSingleton<PageCsrf>();
        services.TryAddSingleton<PageErrorPage>();
        services.TryAddScoped<HostedPageFlow>();
        services.TryAddScoped<AccountActions>();

        // Backend API
        services.TryAddSingleton<BackendRequest>();
        services.TryAddScoped<SecretKeyFilter>();
        services.TryAddScoped<UserViews>();
        services.TryAddScoped<UserWrites>();
        services.TryAddScoped<UserEndpointsHandler>();
        services.TryAddScoped<SessionViews>();
        services.TryAddScoped<SessionAdmin>();
        services.TryAddScoped<SecretKeyAdmin>();
        services.TryAddSingleton<InstanceKeys>();
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.DictionaryKeyPolicy = null;
        });
        services.AddLatchkeyOpenApi();
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<OriginPolicy>((cors, origins) => cors.AddDefaultPolicy(policy => policy
            .SetIsOriginAllowed(origins.IsAllowed)
            .AllowCredentials()
            .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
            .AllowAnyHeader()
            .WithExposedHeaders("Retry-After")
            .SetPreflightMaxAge(TimeSpan.FromHours(1))));
        return services;
    }

    public static WebApplication UseLatchkeyServer(this WebApplication app)
    {
        var proxy = app.Services.GetRequiredService<IOptions<LatchkeyServerOptions>>().Value.Proxy;
        if (proxy.Enabled)
        {
            // First, so that rate limits, session devices and audit events see the client's address.
            var forwarded = new ForwardedHeadersOptions
            {
                ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
                ForwardLimit = proxy.ForwardLimit,
            };
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            foreach (var address in proxy.KnownProxies)
            {
                forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(address));
            }

            foreach (var network in proxy.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }

            app.UseForwardedHeaders(forwarded);
        }

        app.UseExceptionHandler(handler => handler.Run(async context =>
        {
            var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Latchkey.Server");
            ApiError answer;
            if (error is BadHttpRequestException bad)
            {
                answer = ApiErrors.BodyInvalid(bad.Message) with { Status = bad.StatusCode };
            }
            else if (StoreUnavailable.Is(error))
            {
                // Not a bug: the database is down, stopping or overloaded. 503 with a retry hint, never 500.
                Log.StoreUnavailable(logger, context.Request.Method, context.Request.Path, error!.GetBaseException().GetType().Name);
                var retryAfter = context.RequestServices.GetRequiredService<IOptions<LatchkeyServerOptions>>().Value.Database.UnavailableRetryAfter;
                answer = ApiErrors.ServiceUnavailable((int)Math.Ceiling(retryAfter.TotalSeconds));
                if (await StoreUnavailableAnswer.TryWriteProblemAsync(context, answer))
                {
                    return;
                }
            }
            else
            {
                Log.Unhandled(logger, error ?? new InvalidOperationException("unknown"), context.Request.Method, context.Request.Path);
                answer = new ApiError(500, ErrorCodes.InternalError, "Internal error", "Something went wrong on the server; the request had no effect.");
            }

            // Hosted pages answer in HTML, everything else in the protocol's envelope.
            if (answer.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            if (!await PageErrorPage.TryWriteAsync(context, answer))
            {
                await ErrorEnvelope.WriteAsync(context, answer);
            }
        }));
        app.UseMiddleware<ApiResponseHeadersMiddleware>();
        app.UseMiddleware<MethodOverrideMiddleware>();
        app.UseRouting();
        app.UseCors();
        app.UseRateLimiter();
        app.MapFrontendApi();
        app.MapBackendApi();
        app.MapJwks();
        app.MapDevMailbox();
        app.MapHostedPages();
        app.MapOpenApi(OpenApiSetup.Route).WithName("GetOpenApiDocument").ExcludeFromDescription();
        app.MapScriptBundle();
        return app;
    }
}
