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
        var connectionString = WithTimeouts(options);
        var commandTimeout = (int)Math.Ceiling(options.Database.CommandTimeout.TotalSeconds);
        services.TryAddSingleton<InvalidationSignal>();
        services.TryAddSingleton<InvalidationSaveInterceptor>();
        if (options.Database.EffectiveProvider == DatabaseProvider.PostgreSql)
        {
            services.AddDbContextPool<LatchkeyDbContext, PostgresLatchkeyDbContext>((sp, builder) =>
                builder.UseNpgsql(connectionString, o => o.MigrationsHistoryTable(MigrationsHistoryTable).CommandTimeout(commandTimeout))
                    .AddInterceptors(sp.GetRequiredService<InvalidationSaveInterceptor>()));
        }
        else
        {
            services.AddDbContextPool<LatchkeyDbContext, SqliteLatchkeyDbContext>((sp, builder) =>
                builder.UseSqlite(connectionString, o => o.MigrationsHistoryTable(MigrationsHistoryTable).CommandTimeout(commandTimeout))
                    .AddInterceptors(new SqlitePragmaInterceptor(), sp.GetRequiredService<InvalidationSaveInterceptor>()));
        }

        return services;
    }

    /// <summary>
    /// Bounds what a request can wait for the database (so an outage answers 503 in seconds,
    /// never hangs): PostgreSQL's connect and command timeouts from <see cref="DatabaseOptions"/>
    /// unless the connection string sets them itself; SQLite's command timeout likewise.
    /// </summary>
    public static string WithTimeouts(LatchkeyServerOptions options)
    {
        var connectionString = options.EffectiveConnectionString;
        var database = options.Database;
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (database.EffectiveProvider == DatabaseProvider.PostgreSql)
        {
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            if (!given.ContainsKey("Timeout"))
            {
                builder.Timeout = Seconds(database.ConnectTimeout);
            }

            if (!given.ContainsKey("Command Timeout") && !given.ContainsKey("CommandTimeout"))
            {
                builder.CommandTimeout = Seconds(database.CommandTimeout);
            }

            return builder.ConnectionString;
        }

        var sqlite = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Default Timeout") && !given.ContainsKey("Command Timeout"))
        {
            sqlite.DefaultTimeout = Seconds(database.CommandTimeout);
        }

        return sqlite.ConnectionString;
    }

    private static int Seconds(TimeSpan value) => (int)Math.Ceiling(value.TotalSeconds);
}
