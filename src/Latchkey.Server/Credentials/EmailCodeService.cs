using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Latchkey.Server.Configuration;
using Latchkey.Server.Crypto;
using Latchkey.Server.FrontendApi.Errors;
using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Credentials;

/// <summary>
/// Six-digit email codes: random from the CSPRNG, stored as an HMAC keyed per code, expiring
/// after <see cref="LatchkeyServerOptions.EmailCodeLifetime"/>, void after
/// <see cref="LatchkeyServerOptions.EmailCodeMaxAttempts"/> wrong guesses, usable once.
/// </summary>
internal sealed class EmailCodeService(LatchkeyDbContext db, IOptions<LatchkeyServerOptions> options, TimeProvider time)
{
    /// <summary>Adds a new code for the attempt (earlier ones stop working); the caller saves.</summary>
    public async Task<(EmailCodeEntity Entity, string Code)> IssueAsync(string attemptId, string normalizedAddress, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await foreach (var old in db.EmailCodes.Where(c => c.AttemptId == attemptId && c.ConsumedAt == null).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            old.ConsumedAt = now;
            old.Version = Guid.NewGuid();
        }

        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var id = SecureRandom.Id("ecd");
        var entity = new EmailCodeEntity
        {
            Id = id,
            AttemptId = attemptId,
            NormalizedAddress = normalizedAddress,
            CodeHash = Hash(id, code),
            CreatedAt = now,
            ExpiresAt = now + options.Value.EmailCodeLifetime,
            Version = Guid.NewGuid(),
        };
        db.EmailCodes.Add(entity);
        return (entity, code);
    }

    /// <summary>Checks a guess. A wrong guess is counted (the caller saves); a right one consumes the code.</summary>
    public async Task<Outcome<EmailCodeEntity>> CheckAsync(string attemptId, string? guess, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(guess))
        {
            return ApiErrors.Missing("code");
        }

        if (guess.Length != 6 || !guess.All(char.IsAsciiDigit))
        {
            return ApiErrors.Invalid("code", "The code is the 6 digits from the email.");
        }

        var now = time.GetUtcNow();
        var code = await db.EmailCodes.Where(c => c.AttemptId == attemptId && c.ConsumedAt == null)
            .OrderByDescending(c => c.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        if (code is null)
        {
            return new ApiError(422, ErrorCodes.VerificationNotPrepared, "No code was sent", "Ask for a code first (prepare the verification).");
        }

        if (code.ExpiresAt <= now)
        {
            return new ApiError(422, ErrorCodes.VerificationExpired, "Code expired", "The code has expired; ask for a new one.");
        }

        if (code.FailedAttempts >= options.Value.EmailCodeMaxAttempts)
        {
            return new ApiError(422, ErrorCodes.VerificationFailed, "Too many failed attempts", "This code is void after too many wrong guesses; ask for a new one.");
        }

        code.Version = Guid.NewGuid();
        if (!CryptographicOperations.FixedTimeEquals(Hash(code.Id, guess), code.CodeHash))
        {
            code.FailedAttempts++;
            return new ApiError(422, ErrorCodes.FormCodeIncorrect, "Incorrect code", "The code is incorrect.", "code")
            {
                Meta = new Dictionary<string, object?> { ["attempts_remaining"] = Math.Max(0, options.Value.EmailCodeMaxAttempts - code.FailedAttempts) },
            };
        }

        code.ConsumedAt = now;
        return code;
    }

    private static byte[] Hash(string id, string code) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(id), Encoding.UTF8.GetBytes(code));
}
