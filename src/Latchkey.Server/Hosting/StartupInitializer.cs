using Latchkey.Server.Configuration;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Hosting;

/// <summary>
/// Runs once before the server accepts requests: creates the data folder, applies
/// migrations and bootstraps the instance (keys, key file).
/// </summary>
internal sealed class StartupInitializer(IOptions<LatchkeyServerOptions> options)
{
    public Task MigrateAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.Value.DataFolderPath);
        return Task.CompletedTask;
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await MigrateAsync(cancellationToken);
    }
}
