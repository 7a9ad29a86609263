using Latchkey.Server.Configuration;
using Latchkey.Server.Crypto;
using Latchkey.Server.FrontendApi.Errors;
using Latchkey.Server.Hosting;
using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;
using Latchkey.Tokens;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Keys;

/// <summary>
/// The instance's signing keys, read from the database into a <see cref="SigningKeySchedule"/>
/// (token core rings). Private parts are stored as AES-256-GCM ciphertext under the KEK, bound
/// to their kid; an instance without a key generates an RSA-2048 key (the only kind Clerk's PEM
/// mode reads). Keys encrypted under a previous KEK are re-encrypted under the current one at
/// start, so rotating the KEK signs nobody out.
/// </summary>
/// <remarks>
/// Rotation (<see cref="RotateAsync"/>) publishes the new key at once and lets it sign
/// <see cref="ActivationDelay"/> later, when the previous key retires; every process rereads the
/// keys every <see cref="LatchkeyServerOptions.SigningKeyRefreshInterval"/>
/// (<see cref="SigningKeyRefresher"/>), so every instance publishes the new key before any signs
/// with it, and switches at the same moment. A retired key stays published for
/// <see cref="Retention"/>: the longest token lifetime, the verifiers' clock skew and one more
/// refresh interval for an instance that was slow to reread.
/// </remarks>
internal sealed class SigningKeyStore(
    IServiceScopeFactory scopes,
    KeyEncryptionKeyRing keks,
    IOptions<LatchkeyServerOptions> options,
    TimeProvider time,
    ILogger<SigningKeyStore> logger) : IStartupStep, IDisposable
{
    /// <summary>Clock skew verifiers allow, added to the time a retired key stays published.</summary>
    public static readonly TimeSpan VerifierClockSkew = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _reload = new(1, 1);
    private readonly Dictionary<string, SigningKey> _privateKeys = new(StringComparer.Ordinal);
    private volatile SigningKeySchedule? _schedule;

    /// <summary>The ring in effect now; available after start.</summary>
    public SigningKeyRing Ring => Schedule.RingAt(time.GetUtcNow());

    public SigningKeySchedule Schedule => _schedule ?? throw new InvalidOperationException("Signing keys are not loaded yet.");

    /// <summary>How long after a rotation the new key starts signing: two refresh intervals, so every instance has reread by then.</summary>
    public TimeSpan ActivationDelay => options.Value.SigningKeyRefreshInterval * 2;

    /// <summary>How long a retired key stays published after its retirement.</summary>
    public TimeSpan Retention => options.Value.LongestTokenLifetime + VerifierClockSkew + options.Value.SigningKeyRefreshInterval;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LatchkeyDbContext>();
        var rows = await db.SigningKeys.ToListAsync(cancellationToken);
        foreach (var row in rows.Where(r => r.KeyEncryptionKeyId != keks.Current.Id))
        {
            Rewrap(row);
        }

        var now = time.GetUtcNow();
        if (!rows.Any(r => r.RetiredAt is null || r.RetiredAt > now))
        {
            rows.Add(Create(db, activatesAt: null));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (StoreConflicts.IsConflict(e))
        {
            // Another instance bootstrapped or re-encrypted at the same moment: take what it stored.
            db.ChangeTracker.Clear();
        }

        await ReloadAsync(cancellationToken);
    }

    /// <summary>Rereads the keys; rebuilds the schedule only when the stored state changed.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await _reload.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LatchkeyDbContext>();
            var rows = await db.SigningKeys.AsNoTracking().ToListAsync(cancellationToken);
            var entries = rows.Select(r => new SigningKeySchedule.Entry(
                r.Id,
                r.Algorithm,
                VerificationKey.FromSpkiPem(System.Text.Encoding.UTF8.GetString(r.PublicKey), r.Id, r.Algorithm),
                r.CreatedAt,
                r.ActivatesAt ?? r.CreatedAt,
                r.RetiredAt)).ToList();
            var previous = _schedule;
            if (previous?.Fingerprint == SigningKeySchedule.FingerprintOf(entries))
            {
                return;
            }

            // Decrypt every key that signs now or later (once per process and kid).
            var now = time.GetUtcNow();
            foreach (var row in rows.Where(r => r.RetiredAt is not { } retired || retired > now))
            {
                if (!_privateKeys.ContainsKey(row.Id))
                {
                    _privateKeys[row.Id] = Decrypt(row);
                }
            }

            _schedule = SigningKeySchedule.Build(entries, _privateKeys, Retention, VerifierClockSkew);
            if (previous is not null)
            {
                Log.SigningKeysReloaded(logger, SigningKeySchedule.SigningAt(entries, now)?.Kid ?? "none");
            }
        }
        finally
        {
            _reload.Release();
        }
    }

    /// <summary>
    /// Rotates: a new key, published now, signs from <c>now + ActivationDelay</c>; the current key
    /// retires at that moment. Refused (409) while an earlier rotation has not taken effect yet, or
    /// when another instance rotates at the same moment.
    /// </summary>
    public async Task<Outcome<SigningKeyRotation>> RotateAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LatchkeyDbContext>();
        var rows = await db.SigningKeys.ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        var pending = rows.FirstOrDefault(r => (r.ActivatesAt ?? r.CreatedAt) > now);
        if (pending is not null)
        {
            return new ApiError(409, ErrorCodes.SigningKeyRotationInProgress, "Rotation in progress",
                $"Key {pending.Id} starts signing at {pending.ActivatesAt:O}; rotate again after that.");
        }

        var activatesAt = now + ActivationDelay;
        var retiring = rows.Where(r => r.RetiredAt is null || r.RetiredAt > activatesAt).ToList();
        foreach (var row in retiring)
        {
            row.RetiredAt = activatesAt;
            row.Version = Guid.NewGuid();
        }

        var created = Create(db, activatesAt);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (StoreConflicts.IsConflict(e))
        {
            return ApiErrors.Conflict();
        }

        Log.SigningKeyRotated(logger, created.Id, string.Join(",", retiring.Select(r => r.Id)));
        await ReloadAsync(cancellationToken);
        return new SigningKeyRotation(created.Id, activatesAt, [.. retiring.Select(r => r.Id)], activatesAt + Retention);
    }

    private SigningKeyEntity Create(LatchkeyDbContext db, DateTimeOffset? activatesAt)
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
            ActivatesAt = activatesAt,
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

    public void Dispose()
    {
        // Keys replaced by a reload are kept (a mint may still hold the ring that uses them) and disposed here, at shutdown.
        foreach (var key in _privateKeys.Values)
        {
            key.Dispose();
        }

        _reload.Dispose();
    }
}

/// <summary>What a rotation did: the new key, when it signs, the keys it retires and until when they stay published.</summary>
internal sealed record SigningKeyRotation(string Kid, DateTimeOffset ActivatesAt, IReadOnlyList<string> RetiredKids, DateTimeOffset RetiredKeysPublishedUntil);
