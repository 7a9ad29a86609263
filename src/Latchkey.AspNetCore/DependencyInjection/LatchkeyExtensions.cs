using Latchkey.AspNetCore;
using Latchkey.AspNetCore.Authentication;
using Latchkey.AspNetCore.Classification;
using Latchkey.AspNetCore.Keys;
using Latchkey.AspNetCore.Options;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Latchkey authentication scheme.</summary>
public static class LatchkeyExtensions
{
    /// <summary>
    /// Adds the Latchkey scheme (<see cref="LatchkeyDefaults.AuthenticationScheme"/>) with options
    /// bound from the <c>Latchkey</c> configuration section.
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <example><code>builder.Services.AddAuthentication().AddLatchkey();</code></example>
    public static AuthenticationBuilder AddLatchkey(this AuthenticationBuilder builder) =>
        builder.AddLatchkey(LatchkeyDefaults.AuthenticationScheme, _ => { });

    /// <summary>Adds the Latchkey scheme, binding the <c>Latchkey</c> configuration section first and then applying <paramref name="configureOptions"/>.</summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="configureOptions">Configures the options in code (after configuration binding).</param>
    public static AuthenticationBuilder AddLatchkey(this AuthenticationBuilder builder, Action<LatchkeyAuthenticationOptions> configureOptions) =>
        builder.AddLatchkey(LatchkeyDefaults.AuthenticationScheme, configureOptions);

    /// <summary>Adds a Latchkey scheme under another name (e.g. a second instance in the same app).</summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme name.</param>
    /// <param name="configureOptions">Configures the options in code.</param>
    public static AuthenticationBuilder AddLatchkey(this AuthenticationBuilder builder, string authenticationScheme, Action<LatchkeyAuthenticationOptions> configureOptions) =>
        builder.AddLatchkey(authenticationScheme, displayName: null, configureOptions);

    /// <summary>
    /// Adds a Latchkey scheme. Options come from the <c>Latchkey</c> configuration section (for the
    /// default scheme) or <c>Latchkey:&lt;scheme&gt;</c> (for other names), then from
    /// <paramref name="configureOptions"/>; they are validated at start-up.
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme name.</param>
    /// <param name="displayName">The display name, or null.</param>
    /// <param name="configureOptions">Configures the options in code.</param>
    public static AuthenticationBuilder AddLatchkey(this AuthenticationBuilder builder, string authenticationScheme, string? displayName, Action<LatchkeyAuthenticationOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(authenticationScheme);
        ArgumentNullException.ThrowIfNull(configureOptions);

        var services = builder.Services;
        services.AddHttpClient(LatchkeyDefaults.HttpClientName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<JwksCacheRegistry>();
        services.TryAddSingleton<LatchkeyClassifierProvider>();
        services.TryAddSingleton<Latchkey.AspNetCore.Revocation.RevocationFeedRegistry>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, Latchkey.AspNetCore.Revocation.RevocationFeedStarter>());

        var section = authenticationScheme == LatchkeyDefaults.AuthenticationScheme
            ? LatchkeyDefaults.ConfigurationSection
            : LatchkeyDefaults.ConfigurationSection + ":" + authenticationScheme;
        // Configuration first, code second: the code's action is registered after this one.
        services.AddSingleton<IConfigureOptions<LatchkeyAuthenticationOptions>>(sp => new ConfigureNamedOptions<LatchkeyAuthenticationOptions>(
            authenticationScheme,
            options => sp.GetService<IConfiguration>()?.GetSection(section).Bind(options)));
        services.AddOptions<LatchkeyAuthenticationOptions>(authenticationScheme).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LatchkeyAuthenticationOptions>>(new LatchkeyOptionsValidator(authenticationScheme));

        return builder.AddScheme<LatchkeyAuthenticationOptions, LatchkeyAuthenticationHandler>(authenticationScheme, displayName, configureOptions);
    }
}
