using Latchkey.Server.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Latchkey.Server.Storage.Configurations;

internal sealed class InvalidationEntityConfiguration : IEntityTypeConfiguration<InvalidationEntity>
{
    /// <summary>The table name, also used by the PostgreSQL trigger that orders and announces rows.</summary>
    public const string Table = "invalidations";

    public void Configure(EntityTypeBuilder<InvalidationEntity> builder)
    {
        builder.ToTable(Table);
        builder.HasKey(i => i.Sequence).HasName("pk_invalidations");
        // SQLite: INTEGER PRIMARY KEY AUTOINCREMENT (never reused after deletes).
        // PostgreSQL: an identity column whose value the trigger replaces under its lock.
        builder.Property(i => i.Sequence).ValueGeneratedOnAdd();
        builder.Property(i => i.Kind).HasMaxLength(StorageLimits.Status);
        builder.Property(i => i.SubjectId).HasMaxLength(StorageLimits.Id);
        builder.Property(i => i.UserId).HasMaxLength(StorageLimits.Id);
        builder.Property(i => i.Reason).HasMaxLength(StorageLimits.Status);
        builder.HasIndex(i => i.ExpiresAt).HasDatabaseName("ix_invalidations_expires_at");
    }
}
