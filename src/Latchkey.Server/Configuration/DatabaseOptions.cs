namespace Latchkey.Server.Configuration;

/// <summary>Where the server keeps its data (configuration section <c>Latchkey:Database</c>).</summary>
public sealed class DatabaseOptions
{
    /// <summary>
    /// The database engine. Default: <c>null</c>, which means PostgreSQL when
    /// <see cref="ConnectionString"/> is set and SQLite (a file in the data folder) otherwise.
    /// </summary>
    public DatabaseProvider? Provider { get; set; }

    /// <summary>
    /// The ADO.NET connection string. Default: <c>null</c>; for SQLite the server then uses
    /// <c>Data Source=&lt;DataFolder&gt;/latchkey.db</c>. Required for PostgreSQL, e.g.
    /// <c>Host=db;Database=latchkey;Username=latchkey;Password=...</c>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Whether pending migrations are applied at start. Default: <c>true</c>.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>The provider in effect after applying the default rule of <see cref="Provider"/>.</summary>
    public DatabaseProvider EffectiveProvider =>
        Provider ?? (string.IsNullOrWhiteSpace(ConnectionString) ? DatabaseProvider.Sqlite : DatabaseProvider.PostgreSql);
}
