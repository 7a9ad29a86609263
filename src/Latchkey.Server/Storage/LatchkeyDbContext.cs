using System.Text;
using Latchkey.Server.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Latchkey.Server.Storage;

/// <summary>
/// The server's store. One derived context per provider (<see cref="SqliteLatchkeyDbContext"/>,
/// <see cref="PostgresLatchkeyDbContext"/>) carries that provider's migrations; the model is
/// the same. Tables and columns are snake_case.
/// </summary>
internal abstract class LatchkeyDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<UserEntity> Users => Set<UserEntity>();

    public DbSet<EmailAddressEntity> EmailAddresses => Set<EmailAddressEntity>();

    public DbSet<ClientEntity> Clients => Set<ClientEntity>();

    public DbSet<SessionEntity> Sessions => Set<SessionEntity>();

    public DbSet<DevBrowserEntity> DevBrowsers => Set<DevBrowserEntity>();

    public DbSet<SigningKeyEntity> SigningKeys => Set<SigningKeyEntity>();

    public DbSet<SecretKeyEntity> SecretKeys => Set<SecretKeyEntity>();

    public DbSet<HandshakeNonceEntity> HandshakeNonces => Set<HandshakeNonceEntity>();

    public DbSet<FailedAttemptEntity> FailedAttempts => Set<FailedAttemptEntity>();

    public DbSet<RateLimitCounterEntity> RateLimitCounters => Set<RateLimitCounterEntity>();

    public DbSet<AuditEventEntity> AuditEvents => Set<AuditEventEntity>();

    public DbSet<EmailCodeEntity> EmailCodes => Set<EmailCodeEntity>();

    public DbSet<SignInAttemptEntity> SignInAttempts => Set<SignInAttemptEntity>();

    public DbSet<SignUpAttemptEntity> SignUpAttempts => Set<SignUpAttemptEntity>();

    public DbSet<InvalidationEntity> Invalidations => Set<InvalidationEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(LatchkeyDbContext).Assembly);
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(ToSnakeCase(property.Name));
            }
        }
    }

    internal static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
