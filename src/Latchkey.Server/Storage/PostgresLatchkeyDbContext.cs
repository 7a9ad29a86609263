using Microsoft.EntityFrameworkCore;

namespace Latchkey.Server.Storage;

/// <summary>The PostgreSQL flavour of the store (migrations under <c>Storage/Migrations/Postgres</c>); times are <c>timestamptz</c>.</summary>
internal sealed class PostgresLatchkeyDbContext(DbContextOptions<PostgresLatchkeyDbContext> options) : LatchkeyDbContext(options);
