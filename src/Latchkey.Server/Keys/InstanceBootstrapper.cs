using Latchkey.Server.Configuration;
using Latchkey.Server.Crypto;
using Latchkey.Server.Hosting;
using Latchkey.Server.Instance;
using Latchkey.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Keys;

/// <summary>
/// At start: makes sure the instance has a live secret key and that the key file beside the
/// database names it and the current publishable key. A newly created secret key is printed
/// to the console once (standard output, never the logger) and written to the 0600 key file.
/// </summary>
internal sealed class InstanceBootstrapper(
    IServiceScopeFactory scopes,
    InstanceIdentity instance,
    IOptions<LatchkeyServerOptions> options,
    TimeProvider time,
    ILogger<InstanceBootstrapper> logger) : IStartupStep
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var path = options.Value.KeyFilePath;
        var existing = InstanceKeyFile.TryRead(path);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LatchkeyDbContext>();
        string? secretKey = null;
        if (existing is not null && Latchkey.Tokens.SecretKey.IsWellFormed(existing.SecretKey))
        {
            var hash = SecretKeys.Hash(existing.SecretKey);
            if (await db.SecretKeys.AnyAsync(k => k.Hash == hash && k.RevokedAt == null, cancellationToken))
            {
                secretKey = existing.SecretKey;
            }
        }

        var created = false;
        if (secretKey is null)
        {
            var (entity, value) = SecretKeys.Create(instance.TokensInstanceType, time.GetUtcNow(), "bootstrap");
            db.SecretKeys.Add(entity);
            await db.SaveChangesAsync(cancellationToken);
            secretKey = value;
            created = true;
        }

        var file = new InstanceKeyFile(instance.PublishableKey, secretKey, instance.FrontendApiUrl, instance.FrontendApiUrl + "/.well-known/jwks.json",
            instance.IsDevelopment ? "development" : "production");
        if (existing != file)
        {
            PrivateFile.WriteNew(path, file.ToJson() + "\n");
            Log.KeyFileWritten(logger, path);
        }

        if (created)
        {
            // Shown once, on the console only: the logger may ship to places a secret must not go.
            Console.WriteLine($"""

                Latchkey {(instance.IsDevelopment ? "development" : "production")} instance at {instance.FrontendApiUrl}
                  publishable key: {instance.PublishableKey}
                  secret key:      {secretKey}   (shown once; also in {path}, mode 0600)

                """);
        }
    }
}
