using Latchkey.Server.Storage.Entities;

namespace Latchkey.Server.FrontendApi.Json;

/// <summary>Maps stored entities onto the wire shapes.</summary>
internal static class JsonMapper
{
    public static long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    public static UserJson User(UserEntity user) => new(
        user.Id,
        user.Username,
        user.FirstName,
        user.LastName,
        user.PrimaryEmailAddressId,
        [.. user.EmailAddresses.OrderBy(e => e.CreatedAt).Select(e => new EmailAddressJson(
            e.Id,
            e.Address,
            e.VerifiedAt is null ? new VerificationJson("unverified", "email_code", null, null) : new VerificationJson("verified", "email_code", null, null)))],
        user.PasswordHash is not null,
        user.LastSignInAt is { } last ? Ms(last) : null,
        Ms(user.CreatedAt),
        Ms(user.UpdatedAt),
        Users.Metadata.Parse(user.PublicMetadata),
        Users.Metadata.Parse(user.UnsafeMetadata));

    public static PublicUserDataJson PublicUserData(UserEntity user) => new(
        user.FirstName,
        user.LastName,
        user.EmailAddresses.FirstOrDefault(e => e.Id == user.PrimaryEmailAddressId)?.Address ?? user.Username,
        user.Username,
        user.Id);

    public static SignUpJson SignUp(SignUpAttemptEntity attempt, EmailCodeEntity? code)
    {
        var missing = new List<string>();
        if (attempt.EmailAddress is null)
        {
            missing.Add("email_address");
        }

        if (attempt.PasswordHash is null)
        {
            missing.Add("password");
        }

        VerificationJson? verification = null;
        if (attempt.EmailAddress is not null)
        {
            verification = attempt.EmailVerifiedAt is not null
                ? new VerificationJson("verified", "email_code", code?.FailedAttempts, code is null ? null : Ms(code.ExpiresAt))
                : new VerificationJson("unverified", "email_code", code?.FailedAttempts ?? 0, code is null ? null : Ms(code.ExpiresAt));
        }

        return new SignUpJson(
            attempt.Id,
            attempt.Status,
            missing,
            attempt.EmailAddress is not null && attempt.EmailVerifiedAt is null ? ["email_address"] : [],
            new SignUpVerificationsJson(verification),
            attempt.Username,
            attempt.EmailAddress,
            attempt.FirstName,
            attempt.LastName,
            attempt.PasswordHash is not null,
            attempt.CreatedSessionId,
            attempt.CreatedUserId,
            Ms(attempt.AbandonAt));
    }

    public static SignInJson SignIn(SignInAttemptEntity attempt, EmailCodeEntity? code)
    {
        var factors = new List<FirstFactorJson> { new("password") };
        if (attempt.Identifier is not null && attempt.Identifier.Contains('@', StringComparison.Ordinal) && attempt.EmailAddressId is not null)
        {
            factors.Add(new FirstFactorJson("email_code", attempt.EmailAddressId, attempt.Identifier));
        }

        VerificationJson? verification = null;
        if (attempt.Status == "complete")
        {
            verification = new VerificationJson("verified", attempt.PreparedStrategy ?? "password", null, null);
        }
        else if (attempt.PreparedStrategy is not null)
        {
            verification = new VerificationJson("unverified", attempt.PreparedStrategy, code?.FailedAttempts ?? 0, code is null ? null : Ms(code.ExpiresAt));
        }

        return new SignInJson(
            attempt.Id,
            attempt.Status,
            attempt.Identifier,
            attempt.Identifier is null ? [] : factors,
            verification,
            attempt.CreatedSessionId,
            Ms(attempt.AbandonAt));
    }
}
