using Latchkey.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Latchkey.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Latchkey.Server.Tests.Storage;

/// <summary>
/// The migrations of each provider describe exactly the model the code has: a model change
/// without a migration, or a model snapshot merged textually from parallel branches, fails
/// here (the same check as <c>dotnet ef migrations has-pending-model-changes</c>), without a database.
/// </summary>
public sealed class MigrationModelTests
{
    private const string Fix = "The EF Core model and the {0} migrations disagree: add a migration for both providers (docs/server.md, \"Storage\"): "
        + "dotnet ef migrations add <Name> --context {0}LatchkeyDbContext --output-dir Storage/Migrations/{0}";

    public static TheoryData<string> Providers => new() { "Sqlite", "Postgres" };

    private static LatchkeyDbContext Create(string provider) => provider == "Sqlite"
        ? new SqliteDesignTimeFactory().CreateDbContext([])
        : new PostgresDesignTimeFactory().CreateDbContext([]);

    [Theory]
    [MemberData(nameof(Providers))]
    public void Migrations_OfEachProvider_HaveNoPendingModelChanges(string provider)
    {
        using var db = Create(provider);

        Assert.False(db.Database.HasPendingModelChanges(), string.Format(System.Globalization.CultureInfo.InvariantCulture, Fix, provider));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Migrations_OfEachProvider_HaveASnapshot(string provider)
    {
        using var db = Create(provider);
        var migrations = db.GetService<IMigrationsAssembly>();

        Assert.NotNull(migrations.ModelSnapshot);
        Assert.NotEmpty(migrations.Migrations);
    }

    [Fact]
    public void Migrations_BothProviders_HaveTheSameNamesInTheSameOrder()
    {
        using var sqlite = Create("Sqlite");
        using var postgres = Create("Postgres");

        static List<string> Names(LatchkeyDbContext db) =>
            [.. db.GetService<IMigrationsAssembly>().Migrations.Keys.Order(StringComparer.Ordinal).Select(id => id[(id.IndexOf('_', StringComparison.Ordinal) + 1)..])];

        Assert.Equal(Names(sqlite), Names(postgres));
    }
}

/// <summary>
/// A database built by the migrations alone has exactly the model's tables, columns and named
/// indexes. Catches what the snapshot check cannot: a snapshot merged textually that names a
/// column or index no migration creates (or a migration that creates one the model lost).
/// </summary>
public abstract class MigratedSchemaTests(TestDatabaseKind kind)
{
    private static readonly string[] Ignored = ["__ef_migrations_history", "__EFMigrationsLock", "sqlite_sequence"];

    [Fact]
    public async Task Migrate_EmptyDatabase_SchemaIsTheModel()
    {
        await using var database = await TestDatabase.CreateAsync(kind);
        await using LatchkeyDbContext db = kind == TestDatabaseKind.Sqlite
            ? new SqliteLatchkeyDbContext(new DbContextOptionsBuilder<SqliteLatchkeyDbContext>()
                .UseSqlite($"Data Source={Path.Combine(database.DataFolder, "schema.db")};Pooling=false", o => o.MigrationsHistoryTable("__ef_migrations_history")).Options)
            : new PostgresLatchkeyDbContext(new DbContextOptionsBuilder<PostgresLatchkeyDbContext>()
                .UseNpgsql(database.ConnectionString, o => o.MigrationsHistoryTable("__ef_migrations_history")).Options);

        await db.Database.MigrateAsync();
        var actual = await ReadSchemaAsync(db);

        var expected = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var indexes = new SortedSet<string>(StringComparer.Ordinal);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entity in db.Model.GetEntityTypes().Where(e => e.GetTableName() is not null))
        {
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var columns = expected.TryGetValue(table.Name, out var existing) ? existing : expected[table.Name] = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var property in entity.GetProperties())
            {
                if (property.GetColumnName(table) is { } column)
                {
                    columns.Add(column);
                }
            }

            foreach (var index in entity.GetIndexes())
            {
                indexes.Add(index.GetDatabaseName(table)!);
            }

            foreach (var key in entity.GetKeys())
            {
                keys.Add(key.GetName(table)!);
            }
        }

        Assert.Equal(expected.Keys, actual.Columns.Keys);
        foreach (var (table, columns) in expected)
        {
            Assert.True(columns.SetEquals(actual.Columns[table]), $"{table}: model [{string.Join(", ", columns)}], migrated [{string.Join(", ", actual.Columns[table])}]");
        }

        var missing = indexes.Except(actual.Indexes).ToList();
        var extra = actual.Indexes.Except(indexes).Where(i => !keys.Contains(i) && !i.StartsWith("sqlite_autoindex_", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "indexes of the model that no migration creates: " + string.Join(", ", missing));
        Assert.True(extra.Count == 0, "indexes the migrations create that the model lacks: " + string.Join(", ", extra));
    }

    private static async Task<(SortedDictionary<string, SortedSet<string>> Columns, SortedSet<string> Indexes)> ReadSchemaAsync(LatchkeyDbContext db)
    {
        var columns = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var indexes = new SortedSet<string>(StringComparer.Ordinal);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        async Task<List<(string, string)>> Rows(string sql)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<(string, string)>();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetString(0), reader.GetString(1)));
            }

            return rows;
        }

        var columnRows = db.Database.IsSqlite()
            ? await Rows("SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'")
            : await Rows("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'");
        var indexRows = db.Database.IsSqlite()
            ? await Rows("SELECT tbl_name, name FROM sqlite_master WHERE type = 'index'")
            : await Rows("SELECT tablename, indexname FROM pg_indexes WHERE schemaname = 'public'");
        foreach (var (table, column) in columnRows.Where(r => !Ignored.Contains(r.Item1)))
        {
            (columns.TryGetValue(table, out var set) ? set : columns[table] = new SortedSet<string>(StringComparer.Ordinal)).Add(column);
        }

        foreach (var (table, index) in indexRows.Where(r => !Ignored.Contains(r.Item1)))
        {
            indexes.Add(index);
        }

        return (columns, indexes);
    }
}

public sealed class MigratedSchemaSqliteTests() : MigratedSchemaTests(TestDatabaseKind.Sqlite);

public sealed class MigratedSchemaPostgresTests() : MigratedSchemaTests(TestDatabaseKind.Postgres);
