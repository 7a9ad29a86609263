using Latchkey.Server.Audit;
using Latchkey.Server.Clients;
using Latchkey.Server.Configuration;
using Latchkey.Server.Credentials;
using Latchkey.Server.Crypto;
using Latchkey.Server.Email;
using Latchkey.Server.FrontendApi.Errors;
using Latchkey.Server.FrontendApi.Http;
using Latchkey.Server.Sessions;
using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;
using Latchkey.Server.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.FrontendApi.SignUps;

/// <summary>
/// Sign-up with email address and password (names and user name optional), completed by a
/// 6-digit email code. An address that already has an account gets a notice instead of a
/// code, so the API's answers never reveal whether an address is registered.
/// </summary>
internal sealed class SignUpService(
    LatchkeyDbContext db,
    ClientService clients,
    SessionService sessions,
    EmailCodeService codes,
    EmailSender email,
    PasswordHasher hasher,
    PasswordHashGate hashGate,
    UserDirectory users,
    IdentifierRateLimiter identifierLimiter,
    AuditLog audit,
    IOptions<LatchkeyServerOptions> options,
    TimeProvider time)
{
    public const string MissingRequirements = "missing_requirements";
    public const string Complete = "complete";
    private static readonly TimeSpan AttemptLifetime = TimeSpan.FromHours(24);

    public async Task<Outcome<SignUpAttemptEntity>> CreateAsync(HttpContext http, ClientEntity? client, RequestFields fields, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var attempt = new SignUpAttemptEntity
        {
            Id = SecureRandom.Id("sua"),
            ClientId = string.Empty,
            Status = MissingRequirements,
            CreatedAt = now,
            UpdatedAt = now,
            AbandonAt = now + AttemptLifetime,
            Version = Guid.NewGuid(),
        };
        var applied = await ApplyAsync(attempt, fields, cancellationToken);
        if (applied is not null)
        {
            return applied;
        }

        client ??= clients.Create(http);
        attempt.ClientId = client.Id;
        db.SignUpAttempts.Add(attempt);
        client.SignUpAttemptId = attempt.Id;
        clients.Touch(client);
        await db.SaveChangesAsync(cancellationToken);
        return attempt;
    }

    public async Task<Outcome<SignUpAttemptEntity>> UpdateAsync(HttpContext http, ClientEntity client, SignUpAttemptEntity attempt, RequestFields fields, CancellationToken cancellationToken)
    {
        if (attempt.Status == Complete)
        {
            return new ApiError(422, ErrorCodes.SignUpAlreadyComplete, "Sign-up already complete", "This sign-up is complete; start a new one.");
        }

        var applied = await ApplyAsync(attempt, fields, cancellationToken);
        if (applied is not null)
        {
            return applied;
        }

        var completed = await TryCompleteAsync(http, client, attempt, cancellationToken);
        if (completed is not null)
        {
            return completed;
        }

        clients.Touch(client);
        await db.SaveChangesAsync(cancellationToken);
        return attempt;
    }

    public async Task<Outcome<SignUpAttemptEntity>> PrepareVerificationAsync(ClientEntity client, SignUpAttemptEntity attempt, RequestFields fields, CancellationToken cancellationToken)
    {
        if (attempt.Status == Complete)
        {
            return new ApiError(422, ErrorCodes.SignUpAlreadyComplete, "Sign-up already complete", "This sign-up is complete; start a new one.");
        }

        var strategy = fields["strategy"];
        if (strategy != "email_code")
        {
            return strategy is null ? ApiErrors.Missing("strategy") : ApiErrors.ValueInvalid("strategy", "Only the email_code strategy is offered.");
        }

        if (attempt.EmailAddress is null)
        {
            return ApiErrors.Missing("email_address");
        }

        var normalized = Identifiers.Normalize(attempt.EmailAddress);
        if (!await identifierLimiter.TryAcquireAsync(LockoutService.KeyFor(normalized), cancellationToken))
        {
            return ApiErrors.TooManyRequests(identifierLimiter.WindowSeconds);
        }

        var (_, code) = await codes.IssueAsync(attempt.Id, normalized, cancellationToken);
        attempt.VerificationPrepared = true;
        attempt.UpdatedAt = time.GetUtcNow();
        attempt.Version = Guid.NewGuid();
        clients.Touch(client);
        await db.SaveChangesAsync(cancellationToken);

        // Both branches send one mail, so neither answer nor timing tells whether the address is taken.
        var sent = await users.EmailTakenAsync(normalized, cancellationToken)
            ? await email.SendAccountExistsAsync(attempt.EmailAddress, cancellationToken)
            : await email.SendCodeAsync(attempt.EmailAddress, code, options.Value.EmailCodeLifetime, cancellationToken);
        return sent ? attempt : new ApiError(503, ErrorCodes.EmailDeliveryFailed, "Email could not be sent", "The verification email could not be sent; try again later.");
    }

    public async Task<Outcome<SignUpAttemptEntity>> AttemptVerificationAsync(HttpContext http, ClientEntity client, SignUpAttemptEntity attempt, RequestFields fields, CancellationToken cancellationToken)
    {
        if (attempt.Status == Complete)
        {
            return new ApiError(422, ErrorCodes.SignUpAlreadyComplete, "Sign-up already complete", "This sign-up is complete; start a new one.");
        }

        var strategy = fields["strategy"];
        if (strategy is not null && strategy != "email_code")
        {
            return ApiErrors.ValueInvalid("strategy", "Only the email_code strategy is offered.");
        }

        if (attempt.EmailAddress is not null && !await identifierLimiter.TryAcquireAsync(LockoutService.KeyFor(Identifiers.Normalize(attempt.EmailAddress)), cancellationToken))
        {
            return ApiErrors.TooManyRequests(identifierLimiter.WindowSeconds);
        }

        var checkedCode = await codes.CheckAsync(attempt.Id, fields["code"], cancellationToken);
        if (checkedCode.Failed)
        {
            // A wrong guess is counted even though the request fails.
            await db.SaveChangesAsync(cancellationToken);
            return checkedCode.Error!;
        }

        attempt.EmailVerifiedAt = time.GetUtcNow();
        attempt.Version = Guid.NewGuid();
        var completed = await TryCompleteAsync(http, client, attempt, cancellationToken);
        if (completed is not null)
        {
            return completed;
        }

        clients.Touch(client);
        await db.SaveChangesAsync(cancellationToken);
        return attempt;
    }

    public async Task<SignUpAttemptEntity?> FindAsync(ClientEntity client, string id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return id.Length > StorageLimits.Id ? null
            : await db.SignUpAttempts.FirstOrDefaultAsync(a => a.Id == id && a.ClientId == client.Id && a.AbandonAt > now, cancellationToken);
    }

    /// <summary>Creates the user and signs them in once the address is verified and a password set; null when done or not yet possible.</summary>
    private async Task<ApiError?> TryCompleteAsync(HttpContext http, ClientEntity client, SignUpAttemptEntity attempt, CancellationToken cancellationToken)
    {
        if (attempt.EmailVerifiedAt is null || attempt.PasswordHash is null || attempt.EmailAddress is null)
        {
            return null;
        }

        var normalized = Identifiers.Normalize(attempt.EmailAddress);
        if (await users.EmailTakenAsync(normalized, cancellationToken))
        {
            // Only the owner of the mailbox gets here (the code proved it), so this reveals nothing.
            return new ApiError(422, ErrorCodes.FormIdentifierExists, "Email address taken", "This email address already has an account; sign in instead.", "email_address");
        }

        var normalizedUsername = attempt.Username is null ? null : Identifiers.Normalize(attempt.Username);
        if (normalizedUsername is not null && await users.UsernameTakenAsync(normalizedUsername, cancellationToken))
        {
            return new ApiError(422, ErrorCodes.FormIdentifierExists, "Username taken", "This username is taken; choose another.", "username");
        }

        var now = time.GetUtcNow();
        var user = new UserEntity
        {
            Id = SecureRandom.Id("user"),
            Username = attempt.Username,
            NormalizedUsername = normalizedUsername,
            FirstName = attempt.FirstName,
            LastName = attempt.LastName,
            PasswordHash = attempt.PasswordHash,
            CreatedAt = now,
            UpdatedAt = now,
            Version = Guid.NewGuid(),
        };
        var address = new EmailAddressEntity
        {
            Id = SecureRandom.Id("idn"),
            UserId = user.Id,
            Address = attempt.EmailAddress,
            NormalizedAddress = normalized,
            VerifiedAt = attempt.EmailVerifiedAt,
            CreatedAt = now,
        };
        user.PrimaryEmailAddressId = address.Id;
        user.EmailAddresses.Add(address);
        db.Users.Add(user);
        var session = await sessions.SignInAsync(http, client, user, cancellationToken);
        attempt.Status = Complete;
        attempt.CreatedUserId = user.Id;
        attempt.CreatedSessionId = session.Id;
        attempt.UpdatedAt = now;
        attempt.Version = Guid.NewGuid();
        audit.Add("user.created", user.Id, session.Id, client.Id);
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    private async Task<ApiError?> ApplyAsync(SignUpAttemptEntity attempt, RequestFields fields, CancellationToken cancellationToken)
    {
        if (fields.Contains("email_address"))
        {
            var value = fields["email_address"]?.Trim();
            if (string.IsNullOrEmpty(value) || !Identifiers.IsEmailAddress(value))
            {
                return ApiErrors.Invalid("email_address", "Enter a valid email address, e.g. ada@example.com.");
            }

            if (!string.Equals(value, attempt.EmailAddress, StringComparison.Ordinal))
            {
                attempt.EmailAddress = value;
                attempt.EmailVerifiedAt = null;
                attempt.VerificationPrepared = false;
            }
        }

        if (fields.Contains("password"))
        {
            var password = fields["password"] ?? string.Empty;
            var length = password.EnumerateRunes().Count();
            var rules = options.Value.Passwords;
            if (length < rules.MinimumLength)
            {
                return new ApiError(422, ErrorCodes.FormPasswordLengthTooShort, "Password too short", $"Passwords must be {rules.MinimumLength} characters or more.", "password");
            }

            if (length > rules.MaximumLength)
            {
                return new ApiError(422, ErrorCodes.FormPasswordLengthTooLong, "Password too long", $"Passwords must be {rules.MaximumLength} characters or fewer.", "password");
            }

            var (ran, hash) = await hashGate.TryRunAsync(() => hasher.Hash(password), cancellationToken);
            if (!ran)
            {
                return ApiErrors.TooManyRequests(1);
            }

            attempt.PasswordHash = hash;
        }

        if (fields.Contains("username"))
        {
            var value = fields["username"]?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                attempt.Username = null;
            }
            else if (!Identifiers.IsUsername(value))
            {
                return ApiErrors.Invalid("username", "Usernames have 3 to 64 letters, digits, '_', '-' or '.'.");
            }
            else if (await users.UsernameTakenAsync(Identifiers.Normalize(value), cancellationToken))
            {
                return new ApiError(422, ErrorCodes.FormIdentifierExists, "Username taken", "This username is taken; choose another.", "username");
            }
            else
            {
                attempt.Username = value;
            }
        }

        foreach (var name in new[] { "first_name", "last_name" })
        {
            if (!fields.Contains(name))
            {
                continue;
            }

            var value = fields[name]?.Trim();
            if (value is not null && !Identifiers.IsName(value))
            {
                return value.Length > StorageLimits.Name ? ApiErrors.TooLong(name, StorageLimits.Name) : ApiErrors.Invalid(name, $"{name} may not contain control characters.");
            }

            if (name == "first_name")
            {
                attempt.FirstName = string.IsNullOrEmpty(value) ? null : value;
            }
            else
            {
                attempt.LastName = string.IsNullOrEmpty(value) ? null : value;
            }
        }

        attempt.UpdatedAt = time.GetUtcNow();
        attempt.Version = Guid.NewGuid();
        return null;
    }
}
