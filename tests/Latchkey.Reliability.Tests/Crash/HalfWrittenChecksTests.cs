using Latchkey.Reliability.Tests.Infrastructure;
using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Latchkey.Reliability.Tests.Crash;

/// <summary>
/// The crash scenarios' SQL checks can fail: on a database built with the server's own
/// migrations, a consistent set of rows (what the write paths leave) passes every check, and one
/// row that breaks a rule is reported by that rule's check and no other. On SQLite and PostgreSQL.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class HalfWrittenChecksTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);

    /// <summary>For each check, one change that leaves exactly one offending row behind.</summary>
    private static readonly Dictionary<string, (HalfWrittenCheck Check, Action<LatchkeyDbContext> Break)> Breaks = new()
    {
        // A user row committed without its address (and without a username to sign in with).
        [nameof(HalfWrittenChecks.UserWithoutIdentifier)] = (HalfWrittenChecks.UserWithoutIdentifier, db => db.Users.Add(User("user_c"))),
        // A user whose primary address id names someone else's address.
        [nameof(HalfWrittenChecks.PrimaryAddressNotOwn)] = (HalfWrittenChecks.PrimaryAddressNotOwn, db =>
        {
            var user = User("user_d", address: "idn_d");
            user.PrimaryEmailAddressId = "idn_a";
            db.Users.Add(user);
        }),
        // A client pointing at a session of another client.
        [nameof(HalfWrittenChecks.ClientWithoutLastActiveSession)] = (HalfWrittenChecks.ClientWithoutLastActiveSession, db => db.Clients.Find("client_2")!.LastActiveSessionId = "sess_1"),
        // A sign-in marked complete whose session was not written.
        [nameof(HalfWrittenChecks.SignInWithoutSession)] = (HalfWrittenChecks.SignInWithoutSession, db => db.SignInAttempts.Add(
            new SignInAttemptEntity { Id = "sia_3", ClientId = "client_1", Status = "complete", UserId = "user_a", CreatedAt = Now, UpdatedAt = Now, AbandonAt = Now.AddDays(1) })),
        // A sign-up marked complete whose session (and so user) was not written.
        [nameof(HalfWrittenChecks.SignUpWithoutSession)] = (HalfWrittenChecks.SignUpWithoutSession, db => db.SignUpAttempts.Add(
            new SignUpAttemptEntity { Id = "sua_4", ClientId = "client_2", Status = "complete", CreatedUserId = "user_e", CreatedSessionId = "sess_e", CreatedAt = Now, UpdatedAt = Now, AbandonAt = Now.AddDays(1) })),
        // A signed-out session whose feed row was not written.
        [nameof(HalfWrittenChecks.EndedSessionWithoutFeedEntry)] = (HalfWrittenChecks.EndedSessionWithoutFeedEntry, db => db.Sessions.Add(Session("sess_5", "client_1", SessionStatus.Ended))),
        // A feed row whose status change was not written: the session is still active.
        [nameof(HalfWrittenChecks.FeedEntryForActiveSession)] = (HalfWrittenChecks.FeedEntryForActiveSession, db => db.Invalidations.Add(FeedRow("sess_1"))),
    };

    [Fact]
    public void Breaks_CoverEveryCheck() =>
        Assert.Equal(HalfWrittenChecks.All.Select(c => c.Name).Order(), Breaks.Values.Select(b => b.Check.Name).Order());

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FindAsync_ConsistentRows_FindsNothing(bool postgres)
    {
        await using var database = await TestDatabase.CreateAsync(postgres ? await fixture.Cluster.CreateDatabaseAsync() : null);

        var findings = await HalfWrittenChecks.FindAsync(database.Connection);

        Assert.Empty(findings);
    }

    [Theory]
    [InlineData(nameof(HalfWrittenChecks.UserWithoutIdentifier), false)]
    [InlineData(nameof(HalfWrittenChecks.PrimaryAddressNotOwn), false)]
    [InlineData(nameof(HalfWrittenChecks.ClientWithoutLastActiveSession), false)]
    [InlineData(nameof(HalfWrittenChecks.SignInWithoutSession), false)]
    [InlineData(nameof(HalfWrittenChecks.SignUpWithoutSession), false)]
    [InlineData(nameof(HalfWrittenChecks.EndedSessionWithoutFeedEntry), false)]
    [InlineData(nameof(HalfWrittenChecks.FeedEntryForActiveSession), false)]
    [InlineData(nameof(HalfWrittenChecks.UserWithoutIdentifier), true)]
    [InlineData(nameof(HalfWrittenChecks.PrimaryAddressNotOwn), true)]
    [InlineData(nameof(HalfWrittenChecks.ClientWithoutLastActiveSession), true)]
    [InlineData(nameof(HalfWrittenChecks.SignInWithoutSession), true)]
    [InlineData(nameof(HalfWrittenChecks.SignUpWithoutSession), true)]
    [InlineData(nameof(HalfWrittenChecks.EndedSessionWithoutFeedEntry), true)]
    [InlineData(nameof(HalfWrittenChecks.FeedEntryForActiveSession), true)]
    public async Task FindAsync_OneRowBreaksARule_ReportsThatCheckOnly(string rule, bool postgres)
    {
        await using var database = await TestDatabase.CreateAsync(postgres ? await fixture.Cluster.CreateDatabaseAsync() : null);
        var (check, breakRule) = Breaks[rule];
        breakRule(database.Db);
        await database.Db.SaveChangesAsync();

        var findings = await HalfWrittenChecks.FindAsync(database.Connection);

        var finding = Assert.Single(findings);
        Assert.Same(check, finding.Check);
        Assert.Equal(1, finding.Count);
    }

    /// <summary>
    /// What the write paths leave behind: user A signed up on client 1 (address, session, completed
    /// sign-up) and signed in on client 2 (completed sign-in), that session revoked with its feed
    /// row; user B created with a username only (Backend API).
    /// </summary>
    private static void AddConsistentRows(LatchkeyDbContext db)
    {
        db.Users.Add(User("user_a", address: "idn_a"));
        db.Users.Add(User("user_b", username: "bob"));
        db.Clients.Add(Client("client_1", lastActiveSessionId: "sess_1"));
        db.Clients.Add(Client("client_2", lastActiveSessionId: "sess_2"));
        db.Sessions.Add(Session("sess_1", "client_1", SessionStatus.Active));
        db.Sessions.Add(Session("sess_2", "client_2", SessionStatus.Revoked));
        db.Invalidations.Add(FeedRow("sess_2"));
        db.SignUpAttempts.Add(new SignUpAttemptEntity { Id = "sua_1", ClientId = "client_1", Status = "complete", CreatedUserId = "user_a", CreatedSessionId = "sess_1", CreatedAt = Now, UpdatedAt = Now, AbandonAt = Now.AddDays(1) });
        db.SignInAttempts.Add(new SignInAttemptEntity { Id = "sia_2", ClientId = "client_2", Status = "complete", UserId = "user_a", CreatedSessionId = "sess_2", CreatedAt = Now, UpdatedAt = Now, AbandonAt = Now.AddDays(1) });
    }

    private static UserEntity User(string id, string? address = null, string? username = null)
    {
        var user = new UserEntity { Id = id, Username = username, NormalizedUsername = username, CreatedAt = Now, UpdatedAt = Now, Version = Guid.NewGuid() };
        if (address is not null)
        {
            user.EmailAddresses.Add(new EmailAddressEntity { Id = address, UserId = id, Address = id + "@example.com", NormalizedAddress = id + "@example.com", VerifiedAt = Now, CreatedAt = Now });
            user.PrimaryEmailAddressId = address;
        }

        return user;
    }

    private static ClientEntity Client(string id, string lastActiveSessionId) =>
        new() { Id = id, TokenHash = System.Text.Encoding.UTF8.GetBytes(id), LastActiveSessionId = lastActiveSessionId, CreatedAt = Now, UpdatedAt = Now, CookieExpiresAt = Now.AddDays(7), Version = Guid.NewGuid() };

    private static SessionEntity Session(string id, string clientId, string status) =>
        new()
        {
            Id = id, ClientId = clientId, UserId = "user_a", Status = status, CreatedAt = Now, UpdatedAt = Now, LastActiveAt = Now, ExpireAt = Now.AddDays(7),
            EndedAt = status == SessionStatus.Active ? null : Now, Version = Guid.NewGuid(),
        };

    private static InvalidationEntity FeedRow(string sessionId) =>
        new() { Kind = InvalidationKind.Session, SubjectId = sessionId, UserId = "user_a", Reason = "revoked", OccurredAt = Now, ExpiresAt = Now.AddMinutes(2) };

    /// <summary>A database migrated by the server's own migrations, holding <see cref="AddConsistentRows"/>.</summary>
    private sealed class TestDatabase : IAsyncDisposable
    {
        private readonly ScratchFolder? _folder;

        private TestDatabase(LatchkeyDbContext db, ScratchFolder? folder)
        {
            Db = db;
            _folder = folder;
        }

        public LatchkeyDbContext Db { get; }

        public System.Data.Common.DbConnection Connection => Db.Database.GetDbConnection();

        public static async Task<TestDatabase> CreateAsync(string? postgresConnectionString)
        {
            ScratchFolder? folder = null;
            LatchkeyDbContext db;
            if (postgresConnectionString is null)
            {
                folder = new ScratchFolder();
                db = new SqliteLatchkeyDbContext(new DbContextOptionsBuilder<SqliteLatchkeyDbContext>()
                    .UseSqlite($"Data Source={Path.Combine(folder.Path, "latchkey.db")};Pooling=False", o => o.MigrationsHistoryTable(StorageServiceCollectionExtensions.MigrationsHistoryTable))
                    .Options);
            }
            else
            {
                db = new PostgresLatchkeyDbContext(new DbContextOptionsBuilder<PostgresLatchkeyDbContext>()
                    .UseNpgsql(postgresConnectionString, o => o.MigrationsHistoryTable(StorageServiceCollectionExtensions.MigrationsHistoryTable))
                    .Options);
            }

            await db.Database.MigrateAsync();
            AddConsistentRows(db);
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
            await db.Database.OpenConnectionAsync();
            return new TestDatabase(db, folder);
        }

        public async ValueTask DisposeAsync()
        {
            await Db.DisposeAsync();
            _folder?.Dispose();
        }
    }
}
