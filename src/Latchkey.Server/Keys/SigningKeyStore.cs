using Latchkey.Server.Configuration;
using Latchkey.Server.Crypto;
using Latchkey.Server.Hosting;
using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;
using Latchkey.Tokens;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Keys;

/// <summary>
/// The instance's signing keys, loaded at start into a <see cref="SigningKeyRing"/> (token
/// core). Private parts are stored as AES-256-GCM ciphertext under the KEK, bound to their
/// kid; a development or production instance without a key generates an RSA-2048 key
/// (the only kind Clerk's PEM mode reads). Keys encrypted under a previous KEK are
/// re-encrypted under the current one at start, so rotating the KEK signs nobody out.
/// </summary>
internal sealed class SigningKeyStore(
    IServiceScopeFactory scopes,
    KeyEncryptionKeyRing keks,
    IOptions<LatchkeyServerOptions> options,
    TimeProvider time,
    ILogger<SigningKeyStore> logger) : IStartupStep, IDisposable
{
    /// <summary>Clock skew verifiers allow, added to the time a retired key stays published.</summary>
    public static readonly TimeSpan VerifierClockSkew = TimeSpan.FromSeconds(5);

    private SigningKeyRing? _ring;

    /// <summary>The current ring; available after start.</summary>
    public SigningKeyRing Ring => _ring ?? throw new InvalidOperationException("Signing keys are not loaded yet.");

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LatchkeyDbContext>();
        var rows = await db.SigningKeys.ToListAsync(cancellationToken);
        foreach (var row in rows.Where(r => r.KeyEncryptionKeyId != keks.Current.Id))
        {
            Rewrap(row);
        }

        if (!rows.Any(r => r.RetiredAt is null))
        {
            rows.Add(Create(db));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (StoreConflicts.IsConflict(e))
        {
            // Another instance bootstrapped or re-encrypted at the same moment: take what it stored.
            db.ChangeTracker.Clear();
            rows = await db.SigningKeys.ToListAsync(cancellationToken);
        }

        _ring = BuildRing(rows);
    }

    /// <summary>The newest non-retired key signs; retired keys stay published until their tokens have expired.</summary>
    private SigningKeyRing BuildRing(List<SigningKeyEntity> rows)
    {
        var current = rows.Where(r => r.RetiredAt is null).OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal).First();
        var maxLifetime = options.Value.TokenLifetime;
        var retired = rows.Where(r => r.Id != current.Id)
            .Select(r => new RetiredKey(
                VerificationKey.FromSpkiPem(System.Text.Encoding.UTF8.GetString(r.PublicKey), r.Id, r.Algorithm),
                (r.RetiredAt ?? time.GetUtcNow()) + maxLifetime + VerifierClockSkew))
            .Where(r => r.RetireAt > time.GetUtcNow());
        return new SigningKeyRing(Decrypt(current), maxLifetime, VerifierClockSkew, retired);
    }

    private SigningKeyEntity Create(LatchkeyDbContext db)
    {
        var kid = SecureRandom.Id("ins");
        using var key = SigningKey.GenerateRsa(kid);
        var pem = key.ExportPkcs8Pem();
        var row = new SigningKeyEntity
        {
            Id = kid,
            Algorithm = key.Algorithm,
            PublicKey = System.Text.Encoding.UTF8.GetBytes(key.PublicKey.ExportSpkiPem()),
            EncryptedPrivateKey = keks.Current.Encrypt(System.Text.Encoding.UTF8.GetBytes(pem), kid),
            KeyEncryptionKeyId = keks.Current.Id,
            CreatedAt = time.GetUtcNow(),
            Version = Guid.NewGuid(),
        };
        db.SigningKeys.Add(row);
        Log.SigningKeyCreated(logger, kid);
        return row;
    }

    private void Rewrap(SigningKeyEntity row)
    {
        var previous = keks.Find(row.KeyEncryptionKeyId)
            ?? throw new InvalidOperationException($"Signing key {row.Id} is encrypted under key-encryption key {row.KeyEncryptionKeyId}, which is not configured. Add its file to Latchkey:KeyEncryption:PreviousKeyFiles (see docs/server.md, KEK rotation).");
        if (!previous.TryDecrypt(row.EncryptedPrivateKey, row.Id, out var plaintext))
        {
            throw new InvalidOperationException($"Signing key {row.Id} does not decrypt under key-encryption key {previous.Id}; the database or the key file was tampered with.");
        }

        try
        {
            row.EncryptedPrivateKey = keks.Current.Encrypt(plaintext, row.Id);
            row.KeyEncryptionKeyId = keks.Current.Id;
            row.Version = Guid.NewGuid();
            Log.SigningKeyRewrapped(logger, row.Id, keks.Current.Id);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private SigningKey Decrypt(SigningKeyEntity row)
    {
        var kek = keks.Find(row.KeyEncryptionKeyId)
            ?? throw new InvalidOperationException($"Signing key {row.Id} is encrypted under key-encryption key {row.KeyEncryptionKeyId}, which is not configured. Is this the right KEK? See docs/server.md.");
        if (!kek.TryDecrypt(row.EncryptedPrivateKey, row.Id, out var plaintext))
        {
            throw new InvalidOperationException($"Signing key {row.Id} does not decrypt under key-encryption key {kek.Id}; the database or the key file was tampered with.");
        }

        try
        {
            return SigningKey.FromPkcs8Pem(System.Text.Encoding.UTF8.GetString(plaintext), row.Id, row.Algorithm);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    public void Dispose() => _ring?.Current.Dispose();
}
