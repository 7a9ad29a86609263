using Latchkey.Server.Configuration;
using Latchkey.Server.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Latchkey.Server.Tests.Storage;

/// <summary>The database timeouts that bound a request during an outage reach the connection string, unless it sets its own.</summary>
public sealed class StoreTimeoutTests
{
    [Fact]
    public void WithTimeouts_PostgresWithoutTimeouts_AddsTheConfiguredOnes()
    {
        var options = new LatchkeyServerOptions { Database = { ConnectionString = "Host=db;Database=latchkey", ConnectTimeout = TimeSpan.FromSeconds(3), CommandTimeout = TimeSpan.FromSeconds(9) } };

        var builder = new NpgsqlConnectionStringBuilder(StorageServiceCollectionExtensions.WithTimeouts(options));

        Assert.Equal(3, builder.Timeout);
        Assert.Equal(9, builder.CommandTimeout);
        Assert.Equal("db", builder.Host);
    }

    [Fact]
    public void WithTimeouts_PostgresSettingItsOwn_KeepsThem()
    {
        var options = new LatchkeyServerOptions { Database = { ConnectionString = "Host=db;Database=latchkey;Timeout=20;Command Timeout=40" } };

        var builder = new NpgsqlConnectionStringBuilder(StorageServiceCollectionExtensions.WithTimeouts(options));

        Assert.Equal(20, builder.Timeout);
        Assert.Equal(40, builder.CommandTimeout);
    }

    [Fact]
    public void WithTimeouts_Sqlite_SetsTheCommandTimeout()
    {
        var options = new LatchkeyServerOptions { DataFolder = "/tmp/x", Database = { CommandTimeout = TimeSpan.FromSeconds(7) } };

        var builder = new SqliteConnectionStringBuilder(StorageServiceCollectionExtensions.WithTimeouts(options));

        Assert.Equal(7, builder.DefaultTimeout);
        Assert.EndsWith("latchkey.db", builder.DataSource, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("57P03", true)]
    [InlineData("57P01", true)]
    [InlineData("08006", true)]
    [InlineData("53300", true)]
    [InlineData("23505", false)]
    [InlineData("42P01", false)]
    public void Is_PostgresState_UnavailableOnlyForConnectionAndShutdownStates(string sqlState, bool expected)
    {
        var error = new PostgresException("message", "FATAL", "FATAL", sqlState);

        Assert.Equal(expected, StoreUnavailable.Is(new Microsoft.EntityFrameworkCore.DbUpdateException("wrapped", error)));
    }

    [Fact]
    public void Is_SqliteBusyAndPlainBugs_TellsThemApart()
    {
        Assert.True(StoreUnavailable.Is(new SqliteException("busy", 5)));
        Assert.False(StoreUnavailable.Is(new SqliteException("constraint", 19)));
        Assert.False(StoreUnavailable.Is(new InvalidOperationException("a bug")));
        Assert.False(StoreUnavailable.Is(null));
    }
}
