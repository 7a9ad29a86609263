using Latchkey.Server.Configuration;
using Microsoft.EntityFrameworkCore;

namespace Latchkey.Server.Storage;

/// <summary>Registers the store for the configured provider.</summary>
internal static class StorageServiceCollectionExtensions
{
    public const string MigrationsHistoryTable = "__ef_migrations_history";

    public static IServiceCollection AddLatchkeyStorage(this IServiceCollection services, LatchkeyServerOptions options)
    {
        var connectionString = options.EffectiveConnectionString;
        if (options.Database.EffectiveProvider == DatabaseProvider.PostgreSql)
        {
            services.AddDbContextPool<LatchkeyDbContext, PostgresLatchkeyDbContext>(builder =>
                builder.UseNpgsql(connectionString, o => o.MigrationsHistoryTable(MigrationsHistoryTable)));
        }
        else
        {
            services.AddDbContextPool<LatchkeyDbContext, SqliteLatchkeyDbContext>(builder =>
                builder.UseSqlite(connectionString, o => o.MigrationsHistoryTable(MigrationsHistoryTable))
                    .AddInterceptors(new SqlitePragmaInterceptor()));
        }

        return services;
    }
}
