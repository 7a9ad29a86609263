using System.Text;
using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Latchkey.Server.Sessions;

/// <summary>
/// One set-based statement per chunk of batched last-active times, in SQL both providers run:
/// <c>UPDATE sessions SET last_active_at = v.column2 FROM (VALUES (@id0, @at0), ...) AS v
/// WHERE sessions.id = v.column1 AND sessions.last_active_at &lt; v.column2</c>. A flush of 10,000
/// sessions is about 40 statements instead of 10,000 (one per session made the flusher cost
/// a tenth of the core at a thousand mints per second). Times never move backwards. Names
/// come from the EF Core model and values go through the columns' own value converters
/// (SQLite stores times as Unix milliseconds, PostgreSQL as <c>timestamptz</c>), exactly as
/// EF Core writes them elsewhere.
/// </summary>
internal sealed class LastActiveUpdate
{
    /// <summary>Sessions per statement: 512 parameters and 256 VALUES rows, below every provider's limits (SQLite: 500 rows in a compound SELECT).</summary>
    public const int ChunkSize = 256;

    private readonly string _table;
    private readonly string _id;
    private readonly string _lastActiveAt;
    private readonly ValueConverter? _idConverter;
    private readonly ValueConverter? _timeConverter;

    public LastActiveUpdate(LatchkeyDbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(SessionEntity))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        _table = sql.DelimitIdentifier(table.Name, table.Schema);
        var id = entity.FindProperty(nameof(SessionEntity.Id))!;
        var lastActiveAt = entity.FindProperty(nameof(SessionEntity.LastActiveAt))!;
        _id = sql.DelimitIdentifier(id.GetColumnName(table)!);
        _lastActiveAt = sql.DelimitIdentifier(lastActiveAt.GetColumnName(table)!);
        _idConverter = id.GetTypeMapping().Converter;
        _timeConverter = lastActiveAt.GetTypeMapping().Converter;
    }

    /// <summary>The statement for <paramref name="count"/> sessions; placeholders {2i} (id) and {2i+1} (time).</summary>
    public string Sql(int count)
    {
        var rows = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            rows.Append(i == 0 ? "(" : ", (").Append('{').Append(2 * i).Append("}, {").Append((2 * i) + 1).Append("})");
        }

        // VALUES columns are column1, column2 in both SQLite and PostgreSQL.
        return $"UPDATE {_table} SET {_lastActiveAt} = v.column2 FROM (VALUES {rows}) AS v "
            + $"WHERE {_table}.{_id} = v.column1 AND {_table}.{_lastActiveAt} < v.column2";
    }

    /// <summary>The stored values, in placeholder order: id, time, id, time...</summary>
    public object[] Parameters(KeyValuePair<string, DateTimeOffset>[] chunk)
    {
        var values = new object[chunk.Length * 2];
        for (var i = 0; i < chunk.Length; i++)
        {
            values[2 * i] = _idConverter?.ConvertToProvider(chunk[i].Key) ?? chunk[i].Key;
            values[(2 * i) + 1] = _timeConverter?.ConvertToProvider(chunk[i].Value) ?? chunk[i].Value;
        }

        return values;
    }
}
