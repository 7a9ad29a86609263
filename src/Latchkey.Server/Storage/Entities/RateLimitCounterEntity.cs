namespace Latchkey.Server.Storage.Entities;

/// <summary>
/// One credential budget shared by every instance on a PostgreSQL database (table
/// <c>rate_limit_counters</c>): requests counted in the current fixed window of one partition.
/// </summary>
internal sealed class RateLimitCounterEntity
{
    /// <summary>Partition: <c>ip:&lt;address&gt;</c> or <c>id:&lt;hex SHA-256 of the identifier&gt;</c>.</summary>
    public required string Key { get; set; }

    /// <summary>Index of the window (Unix milliseconds divided by the window length).</summary>
    public long WindowIndex { get; set; }

    /// <summary>Requests counted in that window.</summary>
    public int Count { get; set; }
}
