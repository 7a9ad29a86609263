using Latchkey.Server.Audit;
using Latchkey.Server.BackendApi.Http;
using Latchkey.Server.Configuration;
using Latchkey.Server.Crypto;
using Latchkey.Server.FrontendApi.Errors;
using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;
using Latchkey.Server.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.BackendApi.Users;

/// <summary>
/// Creates and edits users for the Backend API: validates every field before anything is written
/// (a refused request changes nothing), hashes passwords with the server's hasher, and leaves
/// standing changes (ban, lock, deletion) to <see cref="UserService"/>.
/// </summary>
internal sealed class UserWrites(
    LatchkeyDbContext db,
    UserDirectory directory,
    UserService users,
    PasswordHasher hasher,
    AuditLog audit,
    IOptions<LatchkeyServerOptions> options,
    TimeProvider time)
{
    /// <summary>Most email addresses one create call may give a user.</summary>
    public const int MaxEmailAddresses = 10;

    public static IReadOnlySet<string> CreateFields { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "email_address", "password", "first_name", "last_name", "username", "skip_password_checks", "skip_password_requirement",
        Metadata.Public, Metadata.Private, Metadata.Unsafe, "banned", "locked",
    };

    public static IReadOnlySet<string> UpdateFields { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "first_name", "last_name", "username", "password", "skip_password_checks", "sign_out_of_other_sessions", "primary_email_address_id",
        Metadata.Public, Metadata.Private, Metadata.Unsafe,
    };

    public static IReadOnlySet<string> MetadataFields { get; } = new HashSet<string>(Metadata.Names, StringComparer.Ordinal);

    public async Task<Outcome<UserEntity>> CreateAsync(BackendBody body, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var user = new UserEntity { Id = SecureRandom.Id("user"), CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid() };

        var emails = body.StringList("email_address", MaxEmailAddresses, StorageLimits.EmailAddress);
        if (emails.Failed)
        {
            return emails.Error!;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in emails.Value ?? [])
        {
            var address = raw.Trim();
            if (!Identifiers.IsEmailAddress(address))
            {
                return ApiErrors.Invalid("email_address", $"'{Shown(address)}' is not a valid email address, e.g. ada@example.com.");
            }

            var normalized = Identifiers.Normalize(address);
            if (!seen.Add(normalized))
            {
                return ApiErrors.Invalid("email_address", $"'{Shown(address)}' is listed twice.");
            }

            if (await directory.EmailTakenAsync(normalized, cancellationToken))
            {
                return Taken("email_address", "This email address belongs to another user.");
            }

            user.EmailAddresses.Add(new EmailAddressEntity
            {
                Id = SecureRandom.Id("idn"),
                UserId = user.Id,
                Address = address,
                NormalizedAddress = normalized,
                VerifiedAt = now,
                VerificationStrategy = "admin",
                // Distinct times keep the given order (the first address is the primary one).
                CreatedAt = now.AddMilliseconds(user.EmailAddresses.Count),
            });
        }

        user.PrimaryEmailAddressId = user.EmailAddresses.FirstOrDefault()?.Id;
        var profile = await ApplyProfileAsync(user, body, cancellationToken);
        if (profile is not null)
        {
            return profile;
        }

        if (user.EmailAddresses.Count == 0 && user.Username is null)
        {
            return new ApiError(422, ErrorCodes.FormParamMissing, "email_address is missing", "A user needs an email address or a username to sign in with.", "email_address");
        }

        var skipChecks = body.Bool("skip_password_checks");
        var skipRequirement = body.Bool("skip_password_requirement");
        var banned = body.Bool("banned");
        var locked = body.Bool("locked");
        foreach (var flag in new[] { skipChecks, skipRequirement, banned, locked })
        {
            if (flag.Failed)
            {
                return flag.Error!;
            }
        }

        var password = body.String("password", 4096);
        if (password.Failed)
        {
            return password.Error!;
        }

        if (password.Value is null && !skipRequirement.Value)
        {
            return new ApiError(422, ErrorCodes.FormParamMissing, "password is missing", "Give a password, or set skip_password_requirement to create a user without one.", "password");
        }

        if (password.Value is not null)
        {
            var hash = HashPassword(password.Value, skipChecks.Value);
            if (hash.Failed)
            {
                return hash.Error!;
            }

            user.PasswordHash = hash.Value;
        }

        if (ReplaceMetadata(user, body) is { } metadataError)
        {
            return metadataError;
        }

        user.Banned = banned.Value;
        user.Locked = locked.Value;
        db.Users.Add(user);
        audit.Add("user.created", user.Id, detail: "backend api");
        await db.SaveChangesAsync(cancellationToken);
        return user;
    }

    /// <summary>PATCH: changes the given fields only; metadata given here replaces (Clerk's update semantics).</summary>
    public async Task<Outcome<UserEntity>> UpdateAsync(UserEntity user, BackendBody body, CancellationToken cancellationToken)
    {
        var profile = await ApplyProfileAsync(user, body, cancellationToken);
        if (profile is not null)
        {
            return profile;
        }

        if (user.EmailAddresses.Count == 0 && user.Username is null)
        {
            return ApiErrors.ValueInvalid("username", "The user has no email address, so the username cannot be removed.");
        }

        var primary = body.String("primary_email_address_id", StorageLimits.Id);
        if (primary.Failed)
        {
            return primary.Error!;
        }

        if (primary.Value is not null)
        {
            if (!user.EmailAddresses.Any(e => e.Id == primary.Value && e.VerifiedAt is not null))
            {
                return ApiErrors.ValueInvalid("primary_email_address_id", "primary_email_address_id must name a verified email address of this user.");
            }

            user.PrimaryEmailAddressId = primary.Value;
        }

        if (ReplaceMetadata(user, body) is { } metadataError)
        {
            return metadataError;
        }

        var skipChecks = body.Bool("skip_password_checks");
        var signOut = body.Bool("sign_out_of_other_sessions");
        var password = body.String("password", 4096);
        if (skipChecks.Failed || signOut.Failed || password.Failed)
        {
            return skipChecks.Error ?? signOut.Error ?? password.Error!;
        }

        if (password.Value is not null)
        {
            var hash = HashPassword(password.Value, skipChecks.Value);
            if (hash.Failed)
            {
                return hash.Error!;
            }

            await users.SetPasswordAsync(user, hash.Value!, signOut.Value, cancellationToken);
        }

        users.Touch(user);
        audit.Add("user.updated", user.Id, detail: "backend api");
        await db.SaveChangesAsync(cancellationToken);
        return user;
    }

    /// <summary>PATCH metadata: deep merge. PUT metadata: each given object replaces its stored one (null stores JSON null).</summary>
    public async Task<Outcome<UserEntity>> MetadataAsync(UserEntity user, BackendBody body, bool merge, CancellationToken cancellationToken)
    {
        foreach (var name in Metadata.Names)
        {
            if (!body.TryGetRaw(name, out var value))
            {
                continue;
            }

            var stored = merge ? Metadata.Merge(name, Metadata.Get(user, name), value) : Metadata.ForReplace(name, value, allowNull: true);
            if (stored.Failed)
            {
                return stored.Error!;
            }

            Metadata.Set(user, name, stored.Value!);
        }

        users.Touch(user);
        await db.SaveChangesAsync(cancellationToken);
        return user;
    }

    /// <summary>Checks a password; a correct one with outdated hashing parameters is re-hashed.</summary>
    public async Task<Outcome<bool>> VerifyPasswordAsync(UserEntity user, BackendBody body, CancellationToken cancellationToken)
    {
        var password = body.String("password", 4096);
        if (password.Failed)
        {
            return password.Error!;
        }

        if (string.IsNullOrEmpty(password.Value))
        {
            return ApiErrors.Missing("password");
        }

        if (user.PasswordHash is null)
        {
            return new ApiError(422, ErrorCodes.PasswordNotSet, "No password", "This user has no password.", "password");
        }

        var check = hasher.Verify(user.PasswordHash, password.Value);
        if (check == PasswordCheck.Failed)
        {
            return new ApiError(422, ErrorCodes.IncorrectPassword, "Password is incorrect", "The password does not match.", "password");
        }

        if (check == PasswordCheck.SucceededNeedsRehash)
        {
            user.PasswordHash = hasher.Hash(password.Value);
            user.Version = Guid.NewGuid();
            await db.SaveChangesAsync(cancellationToken);
        }

        return true;
    }

    /// <summary>Names and user name, shared by create and update; null when every given field is valid (and applied).</summary>
    private async Task<ApiError?> ApplyProfileAsync(UserEntity user, BackendBody body, CancellationToken cancellationToken)
    {
        foreach (var name in new[] { "first_name", "last_name" })
        {
            if (!body.Has(name))
            {
                continue;
            }

            var value = body.String(name, StorageLimits.Name);
            if (value.Failed)
            {
                return value.Error;
            }

            var text = value.Value?.Trim();
            if (text is not null && !Identifiers.IsName(text))
            {
                return ApiErrors.Invalid(name, $"{name} may not contain control characters.");
            }

            text = string.IsNullOrEmpty(text) ? null : text;
            if (name == "first_name")
            {
                user.FirstName = text;
            }
            else
            {
                user.LastName = text;
            }
        }

        if (body.Has("username"))
        {
            var value = body.String("username", StorageLimits.Username);
            if (value.Failed)
            {
                return value.Error;
            }

            var text = value.Value?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                user.Username = null;
                user.NormalizedUsername = null;
            }
            else if (!Identifiers.IsUsername(text))
            {
                return ApiErrors.Invalid("username", "Usernames have 3 to 64 letters, digits, '_', '-' or '.'.");
            }
            else
            {
                var normalized = Identifiers.Normalize(text);
                if (normalized != user.NormalizedUsername && await db.Users.AnyAsync(u => u.NormalizedUsername == normalized && u.Id != user.Id, cancellationToken))
                {
                    return Taken("username", "This username belongs to another user.");
                }

                user.Username = text;
                user.NormalizedUsername = normalized;
            }
        }

        return null;
    }

    private Outcome<string> HashPassword(string password, bool skipChecks)
    {
        var rules = options.Value.Passwords;
        var length = password.EnumerateRunes().Count();
        if (length == 0)
        {
            return ApiErrors.Missing("password");
        }

        if (length < rules.MinimumLength && !skipChecks)
        {
            return new ApiError(422, ErrorCodes.FormPasswordLengthTooShort, "Password too short", $"Passwords must be {rules.MinimumLength} characters or more (skip_password_checks allows shorter ones for imports).", "password");
        }

        if (length > rules.MaximumLength)
        {
            return new ApiError(422, ErrorCodes.FormPasswordLengthTooLong, "Password too long", $"Passwords must be {rules.MaximumLength} characters or fewer.", "password");
        }

        return hasher.Hash(password);
    }

    private static ApiError Taken(string param, string why) =>
        new(422, ErrorCodes.FormIdentifierExists, $"{param} is taken", why, param);

    private static string Shown(string value) => value.Length > 64 ? value[..64] + "…" : value;

    /// <summary>Metadata given in a create or update body replaces the stored value (Clerk's semantics); null when all were valid.</summary>
    private static ApiError? ReplaceMetadata(UserEntity user, BackendBody body)
    {
        foreach (var name in Metadata.Names)
        {
            if (body.TryGetRaw(name, out var value))
            {
                var stored = Metadata.ForReplace(name, value, allowNull: false);
                if (stored.Failed)
                {
                    return stored.Error!;
                }

                Metadata.Set(user, name, stored.Value!);
            }
        }

        return null;
    }
}
