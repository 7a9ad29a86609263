namespace Latchkey.Server.Tests.Infrastructure;

/// <summary>One server (and database) shared by the tests of one class, per provider.</summary>
public abstract class ServerFixture(TestDatabaseKind kind) : IAsyncLifetime
{
    private LatchkeyTestServer? _server;

    public TestDatabaseKind Kind { get; } = kind;

    public LatchkeyTestServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public async Task InitializeAsync() => _server = await LatchkeyTestServer.StartAsync(Kind);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

public sealed class SqliteServerFixture() : ServerFixture(TestDatabaseKind.Sqlite);

public sealed class PostgresServerFixture() : ServerFixture(TestDatabaseKind.Postgres);
