using Latchkey.Server.Configuration;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Hosting;

/// <summary>Builds, initialises and runs the server; the whole of <c>Program.cs</c>.</summary>
internal static class LatchkeyServerHost
{
    /// <summary>The address a server listens on when no <c>urls</c> setting is given.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5100";

    public static async Task<int> RunAsync(string[] args)
    {
        var command = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : null;
        var rest = command is null ? args : args[1..];
        if (command is not null and not "migrate")
        {
            await Console.Error.WriteLineAsync($"latchkey-server: unknown command '{command}'. Commands: migrate (apply database migrations and exit); none to run the server.");
            return 2;
        }

        WebApplication app;
        try
        {
            app = Build(rest);
            // Resolving the options here runs every validator before anything else happens.
            _ = app.Services.GetRequiredService<IOptions<LatchkeyServerOptions>>().Value;
        }
        catch (OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync("latchkey-server: invalid configuration:");
            foreach (var failure in e.Failures)
            {
                await Console.Error.WriteLineAsync("  - " + failure);
            }

            return 3;
        }

        await using (app)
        {
            if (command == "migrate")
            {
                await app.Services.GetRequiredService<StartupInitializer>().MigrateAsync(CancellationToken.None);
                await Console.Out.WriteLineAsync("latchkey-server: database is up to date.");
                return 0;
            }

            try
            {
                await app.Services.GetRequiredService<StartupInitializer>().InitializeAsync(CancellationToken.None);
            }
            catch (InvalidOperationException e)
            {
                // Start-up refusals (missing or wrong key-encryption key, unreadable key file...) say how to fix them.
                await Console.Error.WriteLineAsync("latchkey-server: cannot start: " + e.Message);
                return 4;
            }

            await app.RunAsync();
            return 0;
        }
    }

    /// <summary>Builds the application; <paramref name="configure"/> lets tests add configuration and services.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        if (KestrelLimits.Validate(builder.Configuration.GetSection("Kestrel:Limits")) is { Count: > 0 } limitErrors)
        {
            throw new OptionsValidationException("Kestrel:Limits", typeof(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerLimits), limitErrors);
        }

        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            kestrel.AddServerHeader = false;
            var bodyBytes = context.Configuration.GetValue("Latchkey:MaxRequestBodyBytes", new LatchkeyServerOptions().MaxRequestBodyBytes);
            KestrelLimits.Apply(kestrel.Limits, context.Configuration.GetSection("Kestrel:Limits"), bodyBytes);
        });

        RequestDiagnostics.Configure(builder);
        builder.Services.AddLatchkeyServer(builder.Configuration);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseLatchkeyServer();
        return app;
    }
}
