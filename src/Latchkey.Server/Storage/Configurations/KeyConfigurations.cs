using Latchkey.Server.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Latchkey.Server.Storage.Configurations;

internal sealed class SigningKeyEntityConfiguration : IEntityTypeConfiguration<SigningKeyEntity>
{
    public void Configure(EntityTypeBuilder<SigningKeyEntity> builder)
    {
        builder.ToTable("signing_keys");
        builder.HasKey(k => k.Id).HasName("pk_signing_keys");
        builder.Property(k => k.Id).HasMaxLength(StorageLimits.Id);
        builder.Property(k => k.Algorithm).HasMaxLength(StorageLimits.Status);
        builder.Property(k => k.PublicKey).HasMaxLength(StorageLimits.KeyMaterial);
        builder.Property(k => k.EncryptedPrivateKey).HasMaxLength(StorageLimits.KeyMaterial);
        builder.Property(k => k.KeyEncryptionKeyId).HasMaxLength(StorageLimits.Status);
        // Two instances starting at once must not both re-encrypt or retire the same key.
        builder.Property(k => k.Version).IsConcurrencyToken();
        builder.HasIndex(k => k.RetiredAt).HasDatabaseName("ix_signing_keys_retired_at");
    }
}

internal sealed class SecretKeyEntityConfiguration : IEntityTypeConfiguration<SecretKeyEntity>
{
    public void Configure(EntityTypeBuilder<SecretKeyEntity> builder)
    {
        builder.ToTable("secret_keys");
        builder.HasKey(k => k.Id).HasName("pk_secret_keys");
        builder.Property(k => k.Id).HasMaxLength(StorageLimits.Id);
        builder.Property(k => k.Hash).HasMaxLength(StorageLimits.Hash);
        builder.Property(k => k.Hint).HasMaxLength(StorageLimits.Status);
        builder.Property(k => k.Name).HasMaxLength(StorageLimits.Label);
        builder.HasIndex(k => k.Hash).IsUnique().HasDatabaseName("ix_secret_keys_hash");
    }
}

internal sealed class HandshakeNonceEntityConfiguration : IEntityTypeConfiguration<HandshakeNonceEntity>
{
    public void Configure(EntityTypeBuilder<HandshakeNonceEntity> builder)
    {
        builder.ToTable("handshake_nonces");
        builder.HasKey(n => n.NonceHash).HasName("pk_handshake_nonces");
        builder.Property(n => n.NonceHash).HasMaxLength(StorageLimits.Hash);
        builder.Property(n => n.Directives).HasMaxLength(StorageLimits.Directives);
        builder.HasIndex(n => n.ExpiresAt).HasDatabaseName("ix_handshake_nonces_expires_at");
    }
}
