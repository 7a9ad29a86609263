using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Latchkey.Server.Storage;

/// <summary>
/// The SQLite flavour of the store (migrations under <c>Storage/Migrations/Sqlite</c>).
/// SQLite has no timestamp type that EF can compare in SQL, so times are stored as Unix
/// milliseconds (UTC), which keep order and index well.
/// </summary>
internal sealed class SqliteLatchkeyDbContext(DbContextOptions<SqliteLatchkeyDbContext> options) : LatchkeyDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
    }

    private sealed class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
        value => value.ToUnixTimeMilliseconds(),
        value => DateTimeOffset.FromUnixTimeMilliseconds(value));
}
