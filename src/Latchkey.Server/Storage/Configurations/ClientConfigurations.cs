using Latchkey.Server.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Latchkey.Server.Storage.Configurations;

internal sealed class ClientEntityConfiguration : IEntityTypeConfiguration<ClientEntity>
{
    public void Configure(EntityTypeBuilder<ClientEntity> builder)
    {
        builder.ToTable("clients");
        builder.HasKey(c => c.Id).HasName("pk_clients");
        builder.Property(c => c.Id).HasMaxLength(StorageLimits.Id);
        builder.Property(c => c.TokenHash).HasMaxLength(StorageLimits.Hash);
        builder.Property(c => c.LastActiveSessionId).HasMaxLength(StorageLimits.Id);
        builder.Property(c => c.SignInAttemptId).HasMaxLength(StorageLimits.Id);
        builder.Property(c => c.SignUpAttemptId).HasMaxLength(StorageLimits.Id);
        // Sign-in, sign-up and sign-out of one browser can race (two tabs); the loser retries.
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => c.TokenHash).IsUnique().HasDatabaseName("ix_clients_token_hash");
    }
}

internal sealed class SessionEntityConfiguration : IEntityTypeConfiguration<SessionEntity>
{
    public void Configure(EntityTypeBuilder<SessionEntity> builder)
    {
        builder.ToTable("sessions");
        builder.HasKey(s => s.Id).HasName("pk_sessions");
        builder.Property(s => s.Id).HasMaxLength(StorageLimits.Id);
        builder.Property(s => s.ClientId).HasMaxLength(StorageLimits.Id);
        builder.Property(s => s.UserId).HasMaxLength(StorageLimits.Id);
        builder.Property(s => s.Status).HasMaxLength(StorageLimits.Status);
        builder.Property(s => s.UserAgent).HasMaxLength(StorageLimits.UserAgent);
        builder.Property(s => s.IpAddress).HasMaxLength(StorageLimits.IpAddress);
        // A revocation races a touch or a sign-out of the same session.
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasIndex(s => new { s.ClientId, s.Status }).HasDatabaseName("ix_sessions_client_id_status");
        builder.HasIndex(s => new { s.UserId, s.Status }).HasDatabaseName("ix_sessions_user_id_status");
        builder.HasOne<ClientEntity>().WithMany().HasForeignKey(s => s.ClientId)
            .HasConstraintName("fk_sessions_clients").OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(s => s.User).WithMany().HasForeignKey(s => s.UserId)
            .HasConstraintName("fk_sessions_users").OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DevBrowserEntityConfiguration : IEntityTypeConfiguration<DevBrowserEntity>
{
    public void Configure(EntityTypeBuilder<DevBrowserEntity> builder)
    {
        builder.ToTable("dev_browsers");
        builder.HasKey(d => d.Id).HasName("pk_dev_browsers");
        builder.Property(d => d.Id).HasMaxLength(StorageLimits.Id);
        builder.Property(d => d.TokenHash).HasMaxLength(StorageLimits.Hash);
        builder.Property(d => d.ClientId).HasMaxLength(StorageLimits.Id);
        builder.HasIndex(d => d.TokenHash).IsUnique().HasDatabaseName("ix_dev_browsers_token_hash");
        builder.HasIndex(d => d.ClientId).HasDatabaseName("ix_dev_browsers_client_id");
        builder.HasOne<ClientEntity>().WithMany().HasForeignKey(d => d.ClientId)
            .HasConstraintName("fk_dev_browsers_clients").OnDelete(DeleteBehavior.Cascade);
    }
}
