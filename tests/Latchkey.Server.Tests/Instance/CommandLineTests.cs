using Latchkey.Server.Hosting;
using Latchkey.Server.Tests.Infrastructure;

namespace Latchkey.Server.Tests.Instance;

/// <summary>The server's command line: <c>migrate</c>, refusal of bad configuration, production without a KEK.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class CommandLineTests
{
    [Fact]
    public async Task Migrate_FreshSqliteFolder_CreatesDatabaseAndExitsZero()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabaseKind.Sqlite);

        var exit = await LatchkeyServerHost.RunAsync(["migrate", $"--Latchkey:DataFolder={database.DataFolder}"]);

        Assert.Equal(0, exit);
        Assert.True(File.Exists(Path.Combine(database.DataFolder, "latchkey.db")));
    }

    [Fact]
    public async Task Migrate_Postgres_ExitsZeroTwice()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabaseKind.Postgres);
        string[] args = ["migrate", $"--Latchkey:DataFolder={database.DataFolder}", $"--Latchkey:Database:ConnectionString={database.ConnectionString}"];

        Assert.Equal(0, await LatchkeyServerHost.RunAsync(args));
        Assert.Equal(0, await LatchkeyServerHost.RunAsync(args));
    }

    [Fact]
    public async Task Run_InvalidConfiguration_ExitsWithFixingMessage()
    {
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            var exit = await LatchkeyServerHost.RunAsync(["--Latchkey:FrontendApiUrl=http://localhost:5100", "--Latchkey:TokenLifetime=00:30:00"]);

            Assert.Equal(3, exit);
        }
        finally
        {
            Console.SetError(previous);
        }

        Assert.Contains("Use 127.0.0.1 instead of localhost", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("TokenLifetime", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InvalidKestrelLimit_ExitsWithFixingMessage()
    {
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            var exit = await LatchkeyServerHost.RunAsync(["--Kestrel:Limits:KeepAliveTimeout=soon", "--Kestrel:Limits:MaxConcurrentConnections=-1"]);

            Assert.Equal(3, exit);
        }
        finally
        {
            Console.SetError(previous);
        }

        Assert.Contains("Kestrel:Limits:KeepAliveTimeout is 'soon'", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Kestrel:Limits:MaxConcurrentConnections is '-1'", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ProductionWithoutKek_RefusesToStart()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabaseKind.Sqlite);
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        int exit;
        try
        {
            exit = await LatchkeyServerHost.RunAsync([
                "--Latchkey:InstanceType=Production",
                "--Latchkey:FrontendApiUrl=https://auth.example.com",
                "--Latchkey:CookieDomain=example.com",
                "--Latchkey:Smtp:Host=smtp.example.com",
                $"--Latchkey:DataFolder={database.DataFolder}",
                "--Latchkey:KeyEncryption:EnvironmentVariable=LATCHKEY_TEST_NO_SUCH_VARIABLE",
            ]);
        }
        finally
        {
            Console.SetError(previous);
        }

        Assert.Equal(3, exit);
        Assert.Contains("needs a key-encryption key", error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(database.DataFolder, "latchkey.kek")));
    }

    [Fact]
    public async Task Run_UnknownCommand_ExitsTwo()
    {
        Assert.Equal(2, await LatchkeyServerHost.RunAsync(["serve-forever"]));
    }
}
