using Latchkey.Server.Configuration;
using Latchkey.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Hosting;

/// <summary>
/// Runs once before the server accepts requests: creates the data folder, applies
/// migrations and bootstraps the instance (keys, key file).
/// </summary>
internal sealed class StartupInitializer(IServiceProvider services, IOptions<LatchkeyServerOptions> options)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        CreatePrivateDirectory(settings.DataFolderPath);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LatchkeyDbContext>();
        if (db.Database.IsSqlite())
        {
            // WAL is a property of the database file: set once, kept across connections.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            await db.Database.CloseConnectionAsync();
        }

        // EF Core takes a database lock while migrating, so several instances may start at once.
        await db.Database.MigrateAsync(cancellationToken);
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Database.MigrateOnStart)
        {
            await MigrateAsync(cancellationToken);
        }

        foreach (var step in services.GetServices<IStartupStep>())
        {
            await step.RunAsync(cancellationToken);
        }
    }

    /// <summary>Creates the data folder readable by the owner only (it holds keys and the database).</summary>
    internal static void CreatePrivateDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
