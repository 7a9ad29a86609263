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

namespace Latchkey.Server.FrontendApi.SignIns;

/// <summary>
/// Sign-in with identifier and password, or identifier and an email code. Identifiers that
/// name nobody follow the same path (dummy password hash, decoy address id, no mail sent
/// after the response), so answers and timing do not reveal who has an account. Failures
/// count towards a per-identifier lockout stored in the database.
/// </summary>
internal sealed class SignInService(
    LatchkeyDbContext db,
    ClientService clients,
    SessionService sessions,
    EmailCodeService codes,
    EmailOutbox outbox,
    PasswordHasher hasher,
    PasswordHashGate hashGate,
    UserDirectory users,
    LockoutService lockout,
    IdentifierRateLimiter identifierLimiter,
    DecoyIds decoys,
    IOptions<LatchkeyServerOptions> options,
    TimeProvider time,
    ILogger<SignInService> logger)
{
    public const string NeedsFirstFactor = "needs_first_factor";
    public const string Complete = "complete";
    private static readonly TimeSpan AttemptLifetime = TimeSpan.FromHours(24);

    public async Task<Outcome<SignInAttemptEntity>> CreateAsync(HttpContext http, ClientEntity? client, RequestFields fields, CancellationToken cancellationToken)
    {
        var identifier = fields["identifier"]?.Trim();
        if (string.IsNullOrEmpty(identifier))
        {
            return ApiErrors.Missing("identifier");
        }

        if (identifier.Length > StorageLimits.EmailAddress || identifier.Any(char.IsControl))
        {
            return ApiErrors.Invalid("identifier", "Enter your email address or username.");
        }

        var strategy = fields["strategy"];
        if (strategy is not null and not ("password" or "email_code"))
        {
            return ApiErrors.ValueInvalid("strategy", "Sign in with the password or email_code strategy.");
        }

        var normalized = Identifiers.Normalize(identifier);
        var user = await users.FindByIdentifierAsync(identifier, cancellationToken);
        var now = time.GetUtcNow();
        var attempt = new SignInAttemptEntity
        {
            Id = SecureRandom.Id("sia"),
            ClientId = string.Empty,
            Identifier = identifier,
            UserId = user?.Id,
            EmailAddressId = user?.EmailAddresses.FirstOrDefault(e => e.NormalizedAddress == normalized)?.Id
                ?? (user is not null && user.PrimaryEmailAddressId is not null && !normalized.Contains('@', StringComparison.Ordinal) ? user.PrimaryEmailAddressId : decoys.EmailAddressId(normalized)),
            Status = NeedsFirstFactor,
            CreatedAt = now,
            UpdatedAt = now,
            AbandonAt = now + AttemptLifetime,
            Version = Guid.NewGuid(),
        };

        ApiError? failure = null;
        if (fields.Contains("password") || strategy == "password")
        {
            failure = await CheckPasswordAsync(attempt, user, fields["password"], cancellationToken);
            if (failure is not null && failure.Code is ErrorCodes.FormParamMissing or ErrorCodes.TooManyRequests)
            {
                return failure;
            }
        }

        client ??= clients.Create(http);
        attempt.ClientId = client.Id;
        db.SignInAttempts.Add(attempt);
        client.SignInAttemptId = attempt.Id;
        clients.Touch(client);
        if (failure is null && attempt.Status == Complete)
        {
            await CompleteAsync(http, client, attempt, user!, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return failure is null ? attempt : failure;
    }

    public async Task<Outcome<SignInAttemptEntity>> PrepareFirstFactorAsync(ClientEntity client, SignInAttemptEntity attempt, RequestFields fields, CancellationToken cancellationToken)
    {
        if (attempt.Status == Complete)
        {
            return new ApiError(422, ErrorCodes.SignInAlreadyComplete, "Sign-in already complete", "This sign-in is complete; start a new one.");
        }

        var strategy = fields["strategy"];
        if (strategy == "password")
        {
            return attempt;
        }

        if (strategy != "email_code")
        {
            return strategy is null ? ApiErrors.Missing("strategy") : ApiErrors.ValueInvalid("strategy", "Prepare the email_code or password strategy.");
        }

        if (attempt.Identifier is null || !attempt.Identifier.Contains('@', StringComparison.Ordinal))
        {
            return new ApiError(422, ErrorCodes.StrategyNotAllowed, "Strategy not offered", "Email codes are offered when signing in with an email address.", "strategy");
        }

        var addressId = fields["email_address_id"];
        if (addressId is not null && addressId != attempt.EmailAddressId)
        {
            return ApiErrors.ValueInvalid("email_address_id", "email_address_id must be the id offered in supported_first_factors.");
        }

        var normalized = Identifiers.Normalize(attempt.Identifier);
        if (!await identifierLimiter.TryAcquireAsync(LockoutService.KeyFor(normalized), cancellationToken))
        {
            return ApiErrors.TooManyRequests(identifierLimiter.WindowSeconds);
        }

        var (_, code) = await codes.IssueAsync(attempt.Id, normalized, cancellationToken);
        attempt.PreparedStrategy = "email_code";
        attempt.UpdatedAt = time.GetUtcNow();
        attempt.Version = Guid.NewGuid();
        clients.Touch(client);
        await db.SaveChangesAsync(cancellationToken);
        if (attempt.UserId is not null)
        {
            var to = attempt.Identifier;
            var lifetime = options.Value.EmailCodeLifetime;
            outbox.Enqueue((sender, ct) => sender.SendCodeAsync(to, code, lifetime, ct));
        }

        return attempt;
    }

    public async Task<Outcome<SignInAttemptEntity>> AttemptFirstFactorAsync(HttpContext http, ClientEntity client, SignInAttemptEntity attempt, RequestFields fields, CancellationToken cancellationToken)
    {
        if (attempt.Status == Complete)
        {
            return new ApiError(422, ErrorCodes.SignInAlreadyComplete, "Sign-in already complete", "This sign-in is complete; start a new one.");
        }

        var strategy = fields["strategy"];
        var user = attempt.UserId is null ? null
            : await db.Users.Include(u => u.EmailAddresses).FirstOrDefaultAsync(u => u.Id == attempt.UserId, cancellationToken);
        ApiError? failure;
        switch (strategy)
        {
            case "password":
                failure = await CheckPasswordAsync(attempt, user, fields["password"], cancellationToken);
                break;
            case "email_code":
                failure = await CheckCodeAsync(attempt, user, fields["code"], cancellationToken);
                break;
            case null:
                return ApiErrors.Missing("strategy");
            default:
                return ApiErrors.ValueInvalid("strategy", "Attempt the password or email_code strategy.");
        }

        if (failure is null && attempt.Status == Complete)
        {
            await CompleteAsync(http, client, attempt, user!, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return failure is null ? attempt : failure;
    }

    public async Task<SignInAttemptEntity?> FindAsync(ClientEntity client, string id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return id.Length > StorageLimits.Id ? null
            : await db.SignInAttempts.FirstOrDefaultAsync(a => a.Id == id && a.ClientId == client.Id && a.AbandonAt > now, cancellationToken);
    }

    private async Task<ApiError?> CheckPasswordAsync(SignInAttemptEntity attempt, UserEntity? user, string? password, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(password))
        {
            return ApiErrors.Missing("password");
        }

        var key = LockoutService.KeyFor(Identifiers.Normalize(attempt.Identifier!));
        var gate = await GateAsync(key, cancellationToken);
        if (gate is not null)
        {
            return gate;
        }

        // Over-long passwords are hashed too (bounded by the body limit), so timing stays flat.
        // The gate bounds how many hashes run at once, so an attack cannot starve token refreshes.
        var (ran, (check, rehash)) = await hashGate.TryRunAsync(() =>
        {
            var check = hasher.Verify(user?.PasswordHash, password);
            return (check, check == PasswordCheck.SucceededNeedsRehash ? hasher.Hash(password) : null);
        }, cancellationToken);
        if (!ran)
        {
            return ApiErrors.TooManyRequests(1);
        }

        if (check == PasswordCheck.Failed || user is null)
        {
            return await FailAsync(key, new ApiError(422, ErrorCodes.FormPasswordIncorrect, "Password is incorrect", "The identifier or password is incorrect.", "password"), cancellationToken);
        }

        if (rehash is not null)
        {
            user.PasswordHash = rehash;
        }

        await lockout.ResetAsync(key, cancellationToken);
        attempt.PreparedStrategy = "password";
        return Ban(user) ?? MarkComplete(attempt);
    }

    private async Task<ApiError?> CheckCodeAsync(SignInAttemptEntity attempt, UserEntity? user, string? code, CancellationToken cancellationToken)
    {
        var key = LockoutService.KeyFor(Identifiers.Normalize(attempt.Identifier!));
        var gate = await GateAsync(key, cancellationToken);
        if (gate is not null)
        {
            return gate;
        }

        var result = await codes.CheckAsync(attempt.Id, code, cancellationToken);
        if (result.Failed)
        {
            return result.Error!.Code == ErrorCodes.FormCodeIncorrect ? await FailAsync(key, result.Error, cancellationToken) : result.Error;
        }

        if (user is null)
        {
            // No code was ever mailed for a decoy; a lucky guess is still a wrong one.
            return await FailAsync(key, new ApiError(422, ErrorCodes.FormCodeIncorrect, "Incorrect code", "The code is incorrect.", "code"), cancellationToken);
        }

        await lockout.ResetAsync(key, cancellationToken);
        return Ban(user) ?? MarkComplete(attempt);
    }

    private async Task<ApiError?> GateAsync(string key, CancellationToken cancellationToken)
    {
        if (!await identifierLimiter.TryAcquireAsync(key, cancellationToken))
        {
            return ApiErrors.TooManyRequests(identifierLimiter.WindowSeconds);
        }

        return await lockout.LockedForAsync(key, cancellationToken) is { } seconds ? ApiErrors.Locked(seconds) : null;
    }

    private async Task<ApiError> FailAsync(string key, ApiError error, CancellationToken cancellationToken)
    {
        var lockedFor = await lockout.RecordFailureAsync(key, cancellationToken);
        Log.CredentialFailed(logger, error.Code, lockedFor is not null);
        return lockedFor is { } seconds ? ApiErrors.Locked(seconds) : error;
    }

    private static ApiError? Ban(UserEntity user) =>
        user.Banned ? new ApiError(403, ErrorCodes.UserBanned, "Account banned", "This account is banned; contact the administrator.")
        : user.Locked ? new ApiError(403, ErrorCodes.UserLocked, "Account locked", "This account is locked; contact the administrator.")
        : null;

    private static ApiError? MarkComplete(SignInAttemptEntity attempt)
    {
        attempt.Status = Complete;
        return null;
    }

    private async Task CompleteAsync(HttpContext http, ClientEntity client, SignInAttemptEntity attempt, UserEntity user, CancellationToken cancellationToken)
    {
        var session = await sessions.SignInAsync(http, client, user, cancellationToken);
        attempt.CreatedSessionId = session.Id;
        attempt.UpdatedAt = time.GetUtcNow();
        attempt.Version = Guid.NewGuid();
    }
}
