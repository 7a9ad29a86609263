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

    /// <summary>
    /// How long opening a database connection may take before the request fails with 503
    /// (PostgreSQL <c>Timeout</c>; applied unless the connection string sets it). Bounds what a
    /// caller waits while the database is unreachable. Default: 5 seconds; 1 to 60 seconds.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long one database command may run before the request fails with 503 (EF Core's command
    /// timeout, PostgreSQL <c>Command Timeout</c> unless the connection string sets it, SQLite
    /// <c>Default Timeout</c>). Default: 15 seconds; 1 to 300 seconds.
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The <c>Retry-After</c> hint of a 503 answered while the database is unavailable.
    /// Default: 5 seconds; 1 to 300 seconds.
    /// </summary>
    public TimeSpan UnavailableRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The provider in effect after applying the default rule of <see cref="Provider"/>.</summary>
    public DatabaseProvider EffectiveProvider =>
        Provider ?? (string.IsNullOrWhiteSpace(ConnectionString) ? DatabaseProvider.Sqlite : DatabaseProvider.PostgreSql);
}
