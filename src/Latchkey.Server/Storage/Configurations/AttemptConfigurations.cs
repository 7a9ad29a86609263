using Latchkey.Server.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Latchkey.Server.Storage.Configurations;

internal sealed class SignInAttemptEntityConfiguration : IEntityTypeConfiguration<SignInAttemptEntity>
{
    public void Configure(EntityTypeBuilder<SignInAttemptEntity> builder)
    {
        builder.ToTable("sign_in_attempts");
        builder.HasKey(a => a.Id).HasName("pk_sign_in_attempts");
        builder.Property(a => a.Id).HasMaxLength(StorageLimits.Id);
        builder.Property(a => a.ClientId).HasMaxLength(StorageLimits.Id);
        builder.Property(a => a.Identifier).HasMaxLength(StorageLimits.EmailAddress);
        builder.Property(a => a.UserId).HasMaxLength(StorageLimits.Id);
        builder.Property(a => a.EmailAddressId).HasMaxLength(StorageLimits.Id);
        builder.Property(a => a.Status).HasMaxLength(StorageLimits.Status);
        builder.Property(a => a.PreparedStrategy).HasMaxLength(StorageLimits.Status);
        builder.Property(a => a.CreatedSessionId).HasMaxLength(StorageLimits.Id);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasIndex(a => a.ClientId).HasDatabaseName("ix_sign_in_attempts_client_id");
        builder.HasIndex(a => a.AbandonAt).HasDatabaseName("ix_sign_in_attempts_abandon_at");
        builder.HasOne<ClientEntity>().WithMany().HasForeignKey(a => a.ClientId)
            .HasConstraintName("fk_sign_in_attempts_clients").OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SignUpAttemptEntityConfiguration : IEntityTypeConfiguration<SignUpAttemptEntity>
{
    public void Configure(EntityTypeBuilder<SignUpAttemptEntity> builder)
    {
        builder.ToTable("sign_up_attempts");
        builder.HasKey(a => a.Id).HasName("pk_sign_up_attempts");
        builder.Property(a => a.Id).HasMaxLength(StorageLimits.Id);
        builder.Property(a => a.ClientId).HasMaxLength(StorageLimits.Id);
        builder.Property(a => a.EmailAddress).HasMaxLength(StorageLimits.EmailAddress);
        builder.Property(a => a.Username).HasMaxLength(StorageLimits.Username);
        builder.Property(a => a.FirstName).HasMaxLength(StorageLimits.Name);
        builder.Property(a => a.LastName).HasMaxLength(StorageLimits.Name);
        builder.Property(a => a.PasswordHash).HasMaxLength(StorageLimits.PasswordHash);
        builder.Property(a => a.Status).HasMaxLength(StorageLimits.Status);
        builder.Property(a => a.CreatedUserId).HasMaxLength(StorageLimits.Id);
        builder.Property(a => a.CreatedSessionId).HasMaxLength(StorageLimits.Id);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasIndex(a => a.ClientId).HasDatabaseName("ix_sign_up_attempts_client_id");
        builder.HasIndex(a => a.AbandonAt).HasDatabaseName("ix_sign_up_attempts_abandon_at");
        builder.HasOne<ClientEntity>().WithMany().HasForeignKey(a => a.ClientId)
            .HasConstraintName("fk_sign_up_attempts_clients").OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EmailCodeEntityConfiguration : IEntityTypeConfiguration<EmailCodeEntity>
{
    public void Configure(EntityTypeBuilder<EmailCodeEntity> builder)
    {
        builder.ToTable("email_codes");
        builder.HasKey(c => c.Id).HasName("pk_email_codes");
        builder.Property(c => c.Id).HasMaxLength(StorageLimits.Id);
        builder.Property(c => c.AttemptId).HasMaxLength(StorageLimits.Id);
        builder.Property(c => c.NormalizedAddress).HasMaxLength(StorageLimits.EmailAddress);
        builder.Property(c => c.CodeHash).HasMaxLength(StorageLimits.Hash);
        // Two concurrent guesses must both count against the attempt budget.
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => c.AttemptId).HasDatabaseName("ix_email_codes_attempt_id");
        builder.HasIndex(c => c.ExpiresAt).HasDatabaseName("ix_email_codes_expires_at");
    }
}

internal sealed class FailedAttemptEntityConfiguration : IEntityTypeConfiguration<FailedAttemptEntity>
{
    public void Configure(EntityTypeBuilder<FailedAttemptEntity> builder)
    {
        builder.ToTable("failed_attempts");
        builder.HasKey(f => f.Key).HasName("pk_failed_attempts");
        builder.Property(f => f.Key).HasMaxLength(StorageLimits.LockoutKey);
        // Concurrent failures from several instances must all be counted.
        builder.Property(f => f.Version).IsConcurrencyToken();
        builder.HasIndex(f => f.LastFailureAt).HasDatabaseName("ix_failed_attempts_last_failure_at");
    }
}

internal sealed class RateLimitCounterEntityConfiguration : IEntityTypeConfiguration<RateLimitCounterEntity>
{
    public void Configure(EntityTypeBuilder<RateLimitCounterEntity> builder)
    {
        builder.ToTable("rate_limit_counters");
        builder.HasKey(r => r.Key).HasName("pk_rate_limit_counters");
        builder.Property(r => r.Key).HasMaxLength(StorageLimits.RateLimitKey);
        builder.HasIndex(r => r.WindowIndex).HasDatabaseName("ix_rate_limit_counters_window_index");
    }
}

internal sealed class AuditEventEntityConfiguration : IEntityTypeConfiguration<AuditEventEntity>
{
    public void Configure(EntityTypeBuilder<AuditEventEntity> builder)
    {
        builder.ToTable("audit_events");
        builder.HasKey(a => a.Id).HasName("pk_audit_events");
        builder.Property(a => a.Id).ValueGeneratedOnAdd();
        builder.Property(a => a.Type).HasMaxLength(StorageLimits.Status * 2);
        builder.Property(a => a.UserId).HasMaxLength(StorageLimits.Id);
        builder.Property(a => a.SessionId).HasMaxLength(StorageLimits.Id);
        builder.Property(a => a.ClientId).HasMaxLength(StorageLimits.Id);
        builder.Property(a => a.IpAddress).HasMaxLength(64);
        builder.Property(a => a.Detail).HasMaxLength(1024);
        builder.HasIndex(a => a.OccurredAt).HasDatabaseName("ix_audit_events_occurred_at");
        builder.HasIndex(a => new { a.UserId, a.OccurredAt }).HasDatabaseName("ix_audit_events_user_id_occurred_at");
    }
}
