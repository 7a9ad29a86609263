using System.Diagnostics;
using System.Globalization;
using Latchkey.Server.Configuration;
using Latchkey.Server.Crypto;
using Latchkey.Server.Hosting;
using Latchkey.Server.Sessions;
using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Latchkey.Bench.Server;

/// <summary>
/// Creates signed-in clients in bulk: per client a user with a verified email address, a
/// client whose <c>__client</c> token is random (only its SHA-256 stored, as the server does)
/// and an active session that is the client's last active one: the rows a sign-up through the
/// Frontend API leaves behind (audit events and the finished sign-up attempt excepted, which
/// no mint reads). The server's own host is built with the server's arguments, so the
/// configuration, the provider, the migrations, the signing key and the instance bootstrap
/// are the real ones; rows go through <see cref="BulkWriter"/> in one transaction. A sample of
/// the clients, spread evenly over the whole set, is written as <c>token session user</c> lines.
/// </summary>
internal static class Seeder
{
    private const int ChunkSize = 20_000;

    public static async Task<int> RunAsync(BenchArguments args)
    {
        var total = args.Number("sessions", 10_000);
        var sampleSize = Math.Min(args.Number("sample", 10_000), total);
        var output = args.Text("out");

        var app = LatchkeyServerHost.Build(args.ServerArguments, builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await using (app)
        {
            var startup = Stopwatch.StartNew();
            await app.Services.GetRequiredService<StartupInitializer>().InitializeAsync(CancellationToken.None);
            startup.Stop();

            var settings = app.Services.GetRequiredService<IOptions<LatchkeyServerOptions>>().Value;
            var lifetime = app.Services.GetRequiredService<SessionLifetime>();
            var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LatchkeyDbContext>();
            if (await db.Sessions.AnyAsync())
            {
                throw new ArgumentException("the database already has sessions; seed a fresh database");
            }

            // Every step-th client goes to the sample, so the sample covers the whole key space.
            var step = total / sampleSize;
            var sample = new List<string>(sampleSize);
            var watch = Stopwatch.StartNew();
            await using (var writer = await BulkWriter.OpenAsync(db))
            {
                for (var start = 0; start < total; start += ChunkSize)
                {
                    var count = Math.Min(ChunkSize, total - start);
                    var users = new List<UserEntity>(count);
                    var addresses = new List<EmailAddressEntity>(count);
                    var clients = new List<ClientEntity>(count);
                    var sessions = new List<SessionEntity>(count);
                    for (var i = start; i < start + count; i++)
                    {
                        var token = SecureRandom.Token();
                        var (user, address, client, session) = SignedInClient(i, token, now, settings, lifetime);
                        users.Add(user);
                        addresses.Add(address);
                        clients.Add(client);
                        sessions.Add(session);
                        if (i % step == 0 && sample.Count < sampleSize)
                        {
                            sample.Add($"{token} {session.Id} {user.Id}");
                        }
                    }

                    writer.Write(users);
                    writer.Write(addresses);
                    writer.Write(clients);
                    writer.Write(sessions);
                }

                await writer.CommitAsync();
            }

            watch.Stop();
            await File.WriteAllLinesAsync(output, sample);
            var stored = await db.Sessions.CountAsync();
            if (stored != total)
            {
                throw new InvalidOperationException($"expected {total} sessions after seeding, found {stored}");
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"seeded {total} signed-in clients ({db.Database.ProviderName}) in {watch.Elapsed.TotalSeconds:F1} s ({total / watch.Elapsed.TotalSeconds:F0} clients/s; 4 rows each); start-up and migrations {startup.Elapsed.TotalSeconds:F1} s; sample of {sample.Count} in {output}"));
            return 0;
        }
    }

    private static (UserEntity, EmailAddressEntity, ClientEntity, SessionEntity) SignedInClient(
        int index, string token, DateTimeOffset now, LatchkeyServerOptions settings, SessionLifetime lifetime)
    {
        var user = new UserEntity
        {
            Id = SecureRandom.Id("user"),
            FirstName = "Bench",
            LastName = index.ToString(CultureInfo.InvariantCulture),
            CreatedAt = now,
            UpdatedAt = now,
            LastSignInAt = now,
            Version = Guid.NewGuid(),
        };
        var emailAddress = $"bench{index}@bench.example";
        var address = new EmailAddressEntity
        {
            Id = SecureRandom.Id("idn"),
            UserId = user.Id,
            Address = emailAddress,
            NormalizedAddress = emailAddress,
            VerifiedAt = now,
            CreatedAt = now,
        };
        user.PrimaryEmailAddressId = address.Id;
        var session = new SessionEntity
        {
            Id = SecureRandom.Id("sess"),
            ClientId = SecureRandom.Id("client"),
            UserId = user.Id,
            Status = SessionStatus.Active,
            CreatedAt = now,
            UpdatedAt = now,
            LastActiveAt = now,
            ExpireAt = lifetime.ExpireAtFor(now),
            Version = Guid.NewGuid(),
        };
        var client = new ClientEntity
        {
            Id = session.ClientId,
            TokenHash = SecureRandom.Hash(token),
            LastActiveSessionId = session.Id,
            CreatedAt = now,
            UpdatedAt = now,
            CookieExpiresAt = now + settings.ClientCookieLifetime,
            Version = Guid.NewGuid(),
        };
        return (user, address, client, session);
    }
}
