using System.Data.Common;
using Latchkey.Server.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Latchkey.Bench.Server;

/// <summary>
/// Writes many rows of the server's tables inside one transaction on the server's own
/// connection: SQLite through one prepared INSERT per table (parameters created by the
/// model's type mappings), PostgreSQL through binary COPY. Nothing is visible until
/// <see cref="CommitAsync"/>.
/// </summary>
internal abstract class BulkWriter : IAsyncDisposable
{
    protected BulkWriter(LatchkeyDbContext db, IDbContextTransaction transaction)
    {
        Db = db;
        Transaction = transaction;
    }

    protected LatchkeyDbContext Db { get; }

    protected IDbContextTransaction Transaction { get; }

    public static async Task<BulkWriter> OpenAsync(LatchkeyDbContext db)
    {
        await db.Database.OpenConnectionAsync();
        if (db.Database.IsSqlite())
        {
            // A large page cache for this connection only: random keys into big indexes
            // otherwise spill pages to the WAL long before the commit.
            await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size=-524288;");
            return new SqliteBulkWriter(db, await db.Database.BeginTransactionAsync());
        }

        return new PostgresBulkWriter(db, await db.Database.BeginTransactionAsync());
    }

    public abstract void Write<TEntity>(IReadOnlyList<TEntity> rows)
        where TEntity : class;

    public async Task CommitAsync() => await Transaction.CommitAsync();

    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync();
        await Db.Database.CloseConnectionAsync();
        DisposeCore();
    }

    protected virtual void DisposeCore()
    {
    }

    private sealed class SqliteBulkWriter(LatchkeyDbContext db, IDbContextTransaction transaction) : BulkWriter(db, transaction)
    {
        private readonly Dictionary<Type, (TableShape Shape, DbCommand Command)> _commands = [];

        public override void Write<TEntity>(IReadOnlyList<TEntity> rows)
        {
            if (!_commands.TryGetValue(typeof(TEntity), out var prepared))
            {
                var shape = TableShape.For<TEntity>(Db);
                var command = Db.Database.GetDbConnection().CreateCommand();
                command.Transaction = Transaction.GetDbTransaction();
                var names = shape.Columns.Select((_, i) => "@p" + i).ToArray();
                command.CommandText = $"INSERT INTO {shape.QuotedTable} ({shape.QuotedColumns}) VALUES ({string.Join(", ", names)})";
                for (var i = 0; i < names.Length; i++)
                {
                    // The mapping configures the parameter as EF Core would (e.g. Guid as TEXT).
                    command.Parameters.Add(shape.Columns[i].TypeMapping.CreateParameter(command, names[i], null, nullable: true));
                }

                command.Prepare();
                prepared = (shape, command);
                _commands[typeof(TEntity)] = prepared;
            }

            foreach (var row in rows)
            {
                for (var i = 0; i < prepared.Shape.Columns.Length; i++)
                {
                    prepared.Command.Parameters[i].Value = prepared.Shape.ProviderValue(i, row) ?? DBNull.Value;
                }

                prepared.Command.ExecuteNonQuery();
            }
        }

        protected override void DisposeCore()
        {
            foreach (var (_, command) in _commands.Values)
            {
                command.Dispose();
            }
        }
    }

    private sealed class PostgresBulkWriter(LatchkeyDbContext db, IDbContextTransaction transaction) : BulkWriter(db, transaction)
    {
        private readonly Dictionary<Type, (TableShape Shape, string[] Types)> _shapes = [];

        public override void Write<TEntity>(IReadOnlyList<TEntity> rows)
        {
            if (!_shapes.TryGetValue(typeof(TEntity), out var table))
            {
                var shape = TableShape.For<TEntity>(Db);
                // Binary COPY needs the exact PostgreSQL type of each column, without its length facet.
                var types = shape.Columns.Select(c => c.Column.StoreType.Split('(')[0].Trim()).ToArray();
                table = (shape, types);
                _shapes[typeof(TEntity)] = table;
            }

            var connection = (NpgsqlConnection)Db.Database.GetDbConnection();
            using var importer = connection.BeginBinaryImport($"COPY {table.Shape.QuotedTable} ({table.Shape.QuotedColumns}) FROM STDIN (FORMAT BINARY)");
            foreach (var row in rows)
            {
                importer.StartRow();
                for (var i = 0; i < table.Shape.Columns.Length; i++)
                {
                    var value = table.Shape.ProviderValue(i, row);
                    if (value is null)
                    {
                        importer.WriteNull();
                    }
                    else
                    {
                        importer.Write(value, table.Types[i]);
                    }
                }
            }

            importer.Complete();
        }
    }
}
