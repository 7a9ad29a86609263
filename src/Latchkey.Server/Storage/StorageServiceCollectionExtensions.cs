using Latchkey.Server.Configuration;
using Latchkey.Server.Revocation;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.EntityFrameworkCore;

namespace Latchkey.Server.Storage;

/// <summary>Registers the store for the configured provider.</summary>
internal static class StorageServiceCollectionExtensions
{
    public const string MigrationsHistoryTable = "__ef_migrations_history";

    public static IServiceCollection AddLatchkeyStorage(this IServiceCollection services, LatchkeyServerOptions options)
    {
        var connectionString = options.EffectiveConnectionString;
        services.TryAddSingleton<InvalidationSignal>();
        services.TryAddSingleton<InvalidationSaveInterceptor>();
        if (options.Database.EffectiveProvider == DatabaseProvider.PostgreSql)
        {
            services.AddDbContextPool<LatchkeyDbContext, PostgresLatchkeyDbContext>((sp, builder) =>
                builder.UseNpgsql(connectionString, o => o.MigrationsHistoryTable(MigrationsHistoryTable))
                    .AddInterceptors(sp.GetRequiredService<InvalidationSaveInterceptor>()));
        }
        else
        {
            services.AddDbContextPool<LatchkeyDbContext, SqliteLatchkeyDbContext>((sp, builder) =>
                builder.UseSqlite(connectionString, o => o.MigrationsHistoryTable(MigrationsHistoryTable))
                    .AddInterceptors(new SqlitePragmaInterceptor(), sp.GetRequiredService<InvalidationSaveInterceptor>()));
        }

        return services;
    }
}
