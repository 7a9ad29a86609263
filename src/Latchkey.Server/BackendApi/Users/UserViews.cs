using Latchkey.Server.BackendApi.Json;
using Latchkey.Server.FrontendApi.Json;
using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;
using Latchkey.Server.Users;
using Microsoft.EntityFrameworkCore;

namespace Latchkey.Server.BackendApi.Users;

/// <summary>
/// Builds Backend API user JSON, with what lives outside the user row loaded in bulk (two
/// queries per page, whatever its size): the newest session activity (<c>last_active_at</c>)
/// and failed-attempt lockouts of the user's identifiers (<c>locked</c>,
/// <c>lockout_expires_in_seconds</c>).
/// </summary>
internal sealed class UserViews(LatchkeyDbContext db, TimeProvider time)
{
    public async Task<BackendUserJson> BuildAsync(UserEntity user, CancellationToken cancellationToken) =>
        (await BuildAsync([user], cancellationToken))[0];

    public async Task<List<BackendUserJson>> BuildAsync(IReadOnlyList<UserEntity> users, CancellationToken cancellationToken)
    {
        if (users.Count == 0)
        {
            return [];
        }

        var now = time.GetUtcNow();
        var ids = users.Select(u => u.Id).ToList();
        var lastActive = await db.Sessions.AsNoTracking()
            .Where(s => ids.Contains(s.UserId))
            .GroupBy(s => s.UserId)
            .Select(g => new { UserId = g.Key, At = g.Max(s => s.LastActiveAt) })
            .ToDictionaryAsync(x => x.UserId, x => x.At, StringComparer.Ordinal, cancellationToken);
        var keys = users.SelectMany(UserService.LockoutKeys).Distinct(StringComparer.Ordinal).ToList();
        var lockedUntil = (await db.FailedAttempts.AsNoTracking()
                .Where(f => keys.Contains(f.Key) && f.LockedUntil != null)
                .Select(f => new { f.Key, f.LockedUntil })
                .ToListAsync(cancellationToken))
            .Where(f => f.LockedUntil > now)
            .ToDictionary(f => f.Key, f => f.LockedUntil!.Value, StringComparer.Ordinal);

        return [.. users.Select(user =>
        {
            var until = UserService.LockoutKeys(user).Select(k => lockedUntil.TryGetValue(k, out var t) ? t : (DateTimeOffset?)null).Max();
            long? expiresIn = !user.Locked && until is { } u ? (long)Math.Ceiling((u - now).TotalSeconds) : null;
            return Map(user, lastActive.TryGetValue(user.Id, out var at) ? at : null, user.Locked || until is not null, expiresIn);
        })];
    }

    private static BackendUserJson Map(UserEntity user, DateTimeOffset? lastActiveAt, bool locked, long? lockoutExpiresInSeconds) => new(
        user.Id,
        user.Username,
        user.FirstName,
        user.LastName,
        user.PrimaryEmailAddressId,
        [.. user.EmailAddresses.OrderBy(e => e.CreatedAt).ThenBy(e => e.Id, StringComparer.Ordinal).Select(e => new BackendEmailAddressJson(
            e.Id,
            e.Address,
            new VerificationJson(e.VerifiedAt is null ? "unverified" : "verified", e.VerificationStrategy ?? "email_code", null, null)))],
        user.PasswordHash is not null,
        Metadata.Parse(user.PublicMetadata),
        Metadata.Parse(user.PrivateMetadata),
        Metadata.Parse(user.UnsafeMetadata),
        user.LastSignInAt is { } signIn ? JsonMapper.Ms(signIn) : null,
        lastActiveAt is { } active ? JsonMapper.Ms(active) : null,
        user.Banned,
        locked,
        lockoutExpiresInSeconds,
        JsonMapper.Ms(user.CreatedAt),
        JsonMapper.Ms(user.UpdatedAt));
}
