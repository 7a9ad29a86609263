using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Latchkey.Server.Storage;

/// <summary>Lets <c>dotnet ef migrations add</c> build the SQLite context without starting the server.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteLatchkeyDbContext>
{
    public SqliteLatchkeyDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteLatchkeyDbContext>()
            .UseSqlite("Data Source=design-time.db", o => o.MigrationsHistoryTable("__ef_migrations_history"))
            .Options);
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the PostgreSQL context without a database.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresLatchkeyDbContext>
{
    public PostgresLatchkeyDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresLatchkeyDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=latchkey_design", o => o.MigrationsHistoryTable("__ef_migrations_history"))
            .Options);
}
