using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Latchkey.Server.Users;

/// <summary>Looks users up by identifier (verified email address or user name).</summary>
internal sealed class UserDirectory(LatchkeyDbContext db)
{
    public async Task<UserEntity?> FindByIdentifierAsync(string identifier, CancellationToken cancellationToken)
    {
        var normalized = Identifiers.Normalize(identifier);
        if (normalized.Contains('@', StringComparison.Ordinal))
        {
            var userId = await db.EmailAddresses
                .Where(e => e.NormalizedAddress == normalized && e.VerifiedAt != null)
                .Select(e => e.UserId)
                .FirstOrDefaultAsync(cancellationToken);
            return userId is null ? null : await db.Users.Include(u => u.EmailAddresses).FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        }

        return await db.Users.Include(u => u.EmailAddresses).FirstOrDefaultAsync(u => u.NormalizedUsername == normalized, cancellationToken);
    }

    public Task<bool> EmailTakenAsync(string normalizedAddress, CancellationToken cancellationToken) =>
        db.EmailAddresses.AnyAsync(e => e.NormalizedAddress == normalizedAddress, cancellationToken);

    public Task<bool> UsernameTakenAsync(string normalizedUsername, CancellationToken cancellationToken) =>
        db.Users.AnyAsync(u => u.NormalizedUsername == normalizedUsername, cancellationToken);
}
