using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Latchkey.Server.Storage;
using Latchkey.Server.Tests.Infrastructure;
using Latchkey.Tokens;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Latchkey.Server.Tests.BackendApi;

/// <summary>
/// Secret keys are stored only as hashes (docs/backend-api.md): read back with raw SQL on the
/// test database, the rows of a created key hold its SHA-256 and its hint, and no column anywhere
/// holds more of the key than the hint shows.
/// </summary>
public abstract class SecretKeyStorageTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : ServerFixture
{
    private LatchkeyTestServer Server => fixture.Server;

    [Fact]
    public async Task CreateSecretKey_TableHoldsItsSha256AndHint_NoColumnHoldsMoreOfTheSecretThanTheHint()
    {
        var (id, secret, hint) = await CreateKeyAsync();
        // The hint shows the prefix (sk_test_) and the first characters of the random body; any run
        // of body characters one longer than the hint shows would be a leak.
        var body = secret[SecretKey.Prefix(InstanceType.Development).Length..];
        var shown = hint.Length - SecretKey.Prefix(InstanceType.Development).Length;
        var leaks = Enumerable.Range(0, body.Length - shown).Select(i => body.Substring(i, shown + 1)).ToList();

        var rows = await ReadTableAsync("secret_keys");

        var row = rows.Single(r => (string?)r["id"] == id);
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(secret)), Assert.IsType<byte[]>(row["hash"]));
        Assert.Equal(hint, row["hint"]);
        Assert.Equal(secret[..hint.Length], hint);
        foreach (var (column, text) in rows.SelectMany(r => r).Select(c => (c.Key, AsText(c.Value))))
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            Assert.All(leaks, leak => Assert.False(text.Contains(leak, StringComparison.Ordinal), $"column {column} holds '{leak}' of the secret"));
        }
    }

    [Fact]
    public async Task CreateSecretKey_NoTableHoldsTheSecret()
    {
        var (_, secret, _) = await CreateKeyAsync();
        var body = secret[SecretKey.Prefix(InstanceType.Development).Length..];

        var tables = await TableNamesAsync();
        var values = new List<(string Table, string Column, string Text)>();
        foreach (var table in tables)
        {
            values.AddRange((await ReadTableAsync(table)).SelectMany(r => r).Select(c => (table, c.Key, AsText(c.Value))));
        }

        Assert.Contains("secret_keys", tables);
        Assert.Contains("audit_events", tables);
        Assert.DoesNotContain(values, v => v.Text.Contains(body, StringComparison.Ordinal));
    }

    private async Task<(string Id, string Secret, string Hint)> CreateKeyAsync()
    {
        using var backend = Server.CreateBackend();
        var created = (await backend.PostAsync("v1/secret_keys", new { name = "storage-check" })).EnsureStatus(HttpStatusCode.Created).Body;
        return (created.GetProperty("id").GetString()!, created.GetProperty("secret").GetString()!, created.GetProperty("hint").GetString()!);
    }

    private async Task<List<string>> TableNamesAsync()
    {
        await using var scope = Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LatchkeyDbContext>();
        return db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Every row of a table, column name → value, read with plain SQL (no entity mapping in between).</summary>
    private async Task<List<Dictionary<string, object?>>> ReadTableAsync(string table)
    {
        await using var scope = Server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LatchkeyDbContext>();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using DbDataReader reader = await command.ExecuteReaderAsync();
            var rows = new List<Dictionary<string, object?>>();
            while (await reader.ReadAsync())
            {
                var row = new Dictionary<string, object?>(StringComparer.Ordinal);
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }

                rows.Add(row);
            }

            return rows;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>A value as text; bytes one character per byte, so a key stored as UTF-8 bytes shows as itself.</summary>
    private static string AsText(object? value) => value switch
    {
        null => string.Empty,
        byte[] bytes => Encoding.Latin1.GetString(bytes),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };
}

public sealed class SecretKeyStorageSqliteTests(SqliteServerFixture fixture) : SecretKeyStorageTests<SqliteServerFixture>(fixture);

public sealed class SecretKeyStoragePostgresTests(PostgresServerFixture fixture) : SecretKeyStorageTests<PostgresServerFixture>(fixture);
