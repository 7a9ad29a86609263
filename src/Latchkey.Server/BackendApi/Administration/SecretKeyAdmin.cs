using Latchkey.Server.Audit;
using Latchkey.Server.BackendApi.Http;
using Latchkey.Server.FrontendApi.Errors;
using Latchkey.Server.FrontendApi.Json;
using Latchkey.Server.Instance;
using Latchkey.Server.Keys;
using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Latchkey.Server.BackendApi.Administration;

/// <summary>
/// Creates, lists and revokes secret keys. Several keys live side by side, so a key is replaced
/// without downtime: create the new one, deploy it, revoke the old one. A revocation takes effect
/// at once on every instance (keys are checked against the database on each call); the last live
/// key cannot be revoked, so the API never locks its operators out.
/// </summary>
internal sealed class SecretKeyAdmin(LatchkeyDbContext db, InstanceIdentity instance, AuditLog audit, TimeProvider time, ILogger<SecretKeyAdmin> logger)
{
    public async Task<List<SecretKeyJson>> ListAsync(string? currentKeyId, CancellationToken cancellationToken)
    {
        var keys = await db.SecretKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt).ThenBy(k => k.Id).ToListAsync(cancellationToken);
        return [.. keys.Select(k => Json(k, currentKeyId))];
    }

    public async Task<Outcome<CreatedSecretKeyJson>> CreateAsync(BackendBody body, string? byKeyId, CancellationToken cancellationToken)
    {
        var name = body.String("name", StorageLimits.Label);
        if (name.Failed)
        {
            return name.Error!;
        }

        var label = string.IsNullOrWhiteSpace(name.Value) ? null : name.Value.Trim();
        if (label is not null && label.Any(char.IsControl))
        {
            return ApiErrors.Invalid("name", "name may not contain control characters.");
        }

        var (entity, value) = SecretKeys.Create(instance.TokensInstanceType, time.GetUtcNow(), label);
        db.SecretKeys.Add(entity);
        audit.Add("secret_key.created", detail: $"{entity.Id} by {byKeyId}");
        await db.SaveChangesAsync(cancellationToken);
        Log.SecretKeyChanged(logger, entity.Id, "created");
        return new CreatedSecretKeyJson(entity.Id, entity.Name, entity.Hint, JsonMapper.Ms(entity.CreatedAt), value);
    }

    public async Task<Outcome<SecretKeyJson>> RevokeAsync(string id, string? byKeyId, CancellationToken cancellationToken)
    {
        var key = id.Length > StorageLimits.Id ? null : await db.SecretKeys.FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (key is null)
        {
            return new ApiError(404, ErrorCodes.SecretKeyNotFound, "Secret key not found", "No secret key with this id exists; list them with GET /v1/secret_keys.", "id");
        }

        if (key.RevokedAt is null)
        {
            if (!await db.SecretKeys.AnyAsync(k => k.Id != key.Id && k.RevokedAt == null, cancellationToken))
            {
                return new ApiError(409, ErrorCodes.LastSecretKey, "Last secret key", "This is the only live secret key; create another one before revoking it.", "id");
            }

            key.RevokedAt = time.GetUtcNow();
            audit.Add("secret_key.revoked", detail: $"{key.Id} by {byKeyId}");
            await db.SaveChangesAsync(cancellationToken);
            Log.SecretKeyChanged(logger, key.Id, "revoked");
        }

        return Json(key, byKeyId);
    }

    private static SecretKeyJson Json(SecretKeyEntity key, string? currentKeyId) =>
        new(key.Id, key.Name, key.Hint, JsonMapper.Ms(key.CreatedAt), key.RevokedAt is { } revoked ? JsonMapper.Ms(revoked) : null, key.Id == currentKeyId);
}
