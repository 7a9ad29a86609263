using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Latchkey.Bench.Server;

/// <summary>
/// One table as the server's EF Core model maps it: name, columns, store types and the
/// provider's type mappings (with their value converters). Bulk writers take everything from
/// here, so seeded rows are encoded exactly as the server writes them and a model change
/// cannot leave the benchmark writing a stale schema.
/// </summary>
internal sealed class TableShape
{
    private TableShape(string table, IColumnMapping[] columns, ISqlGenerationHelper sql)
    {
        Table = table;
        Columns = columns;
        QuotedTable = sql.DelimitIdentifier(table);
        QuotedColumns = string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Column.Name)));
    }

    public string Table { get; }

    public IColumnMapping[] Columns { get; }

    public string QuotedTable { get; }

    public string QuotedColumns { get; }

    public static TableShape For<TEntity>(DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not in the server's model.");
        var mapping = entity.GetTableMappings().Single();
        var columns = mapping.ColumnMappings.ToArray();
        var shadow = columns.FirstOrDefault(c => c.Property.IsShadowProperty());
        if (shadow is not null)
        {
            throw new InvalidOperationException($"{mapping.Table.Name}.{shadow.Column.Name} is a shadow property; the seeder cannot read it from an entity.");
        }

        return new TableShape(mapping.Table.Name, columns, db.GetService<ISqlGenerationHelper>());
    }

    /// <summary>The value the provider stores for column <paramref name="index"/> of <paramref name="entity"/> (converters applied).</summary>
    public object? ProviderValue(int index, object entity)
    {
        var column = Columns[index];
        var value = column.Property.GetGetter().GetClrValue(entity);
        return value is null ? null : column.TypeMapping.Converter?.ConvertToProvider(value) ?? value;
    }
}
