using Latchkey.Server.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Latchkey.Server.Storage.Configurations;

internal sealed class UserEntityConfiguration : IEntityTypeConfiguration<UserEntity>
{
    public void Configure(EntityTypeBuilder<UserEntity> builder)
    {
        builder.ToTable("users");
        builder.HasKey(u => u.Id).HasName("pk_users");
        builder.Property(u => u.Id).HasMaxLength(StorageLimits.Id);
        builder.Property(u => u.Username).HasMaxLength(StorageLimits.Username);
        builder.Property(u => u.NormalizedUsername).HasMaxLength(StorageLimits.Username);
        builder.Property(u => u.FirstName).HasMaxLength(StorageLimits.Name);
        builder.Property(u => u.LastName).HasMaxLength(StorageLimits.Name);
        builder.Property(u => u.PasswordHash).HasMaxLength(StorageLimits.PasswordHash);
        builder.Property(u => u.PrimaryEmailAddressId).HasMaxLength(StorageLimits.Id);
        builder.Property(u => u.PublicMetadata).HasMaxLength(StorageLimits.Metadata).HasDefaultValue("{}");
        builder.Property(u => u.PrivateMetadata).HasMaxLength(StorageLimits.Metadata).HasDefaultValue("{}");
        builder.Property(u => u.UnsafeMetadata).HasMaxLength(StorageLimits.Metadata).HasDefaultValue("{}");
        builder.Property(u => u.Version).IsConcurrencyToken();
        builder.HasIndex(u => u.NormalizedUsername).IsUnique().HasDatabaseName("ix_users_normalized_username");
        builder.HasIndex(u => u.CreatedAt).HasDatabaseName("ix_users_created_at");
        builder.HasMany(u => u.EmailAddresses).WithOne(e => e.User).HasForeignKey(e => e.UserId)
            .HasConstraintName("fk_email_addresses_users").OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EmailAddressEntityConfiguration : IEntityTypeConfiguration<EmailAddressEntity>
{
    public void Configure(EntityTypeBuilder<EmailAddressEntity> builder)
    {
        builder.ToTable("email_addresses");
        builder.HasKey(e => e.Id).HasName("pk_email_addresses");
        builder.Property(e => e.Id).HasMaxLength(StorageLimits.Id);
        builder.Property(e => e.UserId).HasMaxLength(StorageLimits.Id);
        builder.Property(e => e.Address).HasMaxLength(StorageLimits.EmailAddress);
        builder.Property(e => e.NormalizedAddress).HasMaxLength(StorageLimits.EmailAddress);
        builder.Property(e => e.VerificationStrategy).HasMaxLength(StorageLimits.Status);
        builder.HasIndex(e => e.NormalizedAddress).IsUnique().HasDatabaseName("ix_email_addresses_normalized_address");
        builder.HasIndex(e => e.UserId).HasDatabaseName("ix_email_addresses_user_id");
    }
}
