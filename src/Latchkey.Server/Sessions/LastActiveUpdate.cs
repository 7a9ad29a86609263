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
/// <c>UPDATE sessions SET last_active_at = CASE id WHEN @id0 THEN @at0 ... END
/// WHERE id IN (@id0, ...) AND last_active_at &lt; CASE id ... END</c>. A flush of 10,000
/// sessions is about 40 statements instead of 10,000 (one per session made the flusher cost
/// a tenth of the core at a thousand mints per second). Times never move backwards. Names
/// come from the EF Core model and values go through the columns' own value converters
/// (SQLite stores times as Unix milliseconds, PostgreSQL as <c>timestamptz</c>), exactly as
/// EF Core writes them elsewhere.
/// </summary>
internal sealed class LastActiveUpdate
{
    /// <summary>Sessions per statement: 512 parameters, far below every provider's limit.</summary>
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
        var cases = new StringBuilder("CASE ").Append(_id);
        var ids = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            cases.Append(" WHEN {").Append(2 * i).Append("} THEN {").Append((2 * i) + 1).Append('}');
            ids.Append(i == 0 ? "" : ", ").Append('{').Append(2 * i).Append('}');
        }

        cases.Append(" END");
        return $"UPDATE {_table} SET {_lastActiveAt} = {cases} WHERE {_id} IN ({ids}) AND {_lastActiveAt} < {cases}";
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
