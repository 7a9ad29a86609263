namespace Latchkey.Server.FrontendApi.Json;

// Wire shapes of the Frontend API (clerk-js resources ClientJSON, SessionJSON, UserJSON, ...).
// Properties are serialised in snake_case; times are Unix milliseconds.

internal sealed record ClientJson(
    string Id,
    IReadOnlyList<SessionJson> Sessions,
    SignInJson? SignIn,
    SignUpJson? SignUp,
    string? LastActiveSessionId,
    long CookieExpiresAt,
    long CreatedAt,
    long UpdatedAt)
{
    public string Object => "client";
}

internal sealed record SessionJson(
    string Id,
    string Status,
    long ExpireAt,
    long AbandonAt,
    long LastActiveAt,
    UserJson User,
    PublicUserDataJson PublicUserData,
    TokenJson? LastActiveToken,
    long CreatedAt,
    long UpdatedAt)
{
    public string Object => "session";

    public string? LastActiveOrganizationId => null;

    public object? Actor => null;

    public object? FactorVerificationAge => null;

    public IReadOnlyList<object> Tasks => [];
}

internal sealed record TokenJson(string Jwt)
{
    public string Object => "token";
}

internal sealed record PublicUserDataJson(string? FirstName, string? LastName, string? Identifier, string? Username, string UserId)
{
    public string ImageUrl => string.Empty;

    public bool HasImage => false;
}

internal sealed record UserJson(
    string Id,
    string? Username,
    string? FirstName,
    string? LastName,
    string? PrimaryEmailAddressId,
    IReadOnlyList<EmailAddressJson> EmailAddresses,
    bool PasswordEnabled,
    long? LastSignInAt,
    long CreatedAt,
    long UpdatedAt,
    System.Text.Json.JsonElement PublicMetadata,
    System.Text.Json.JsonElement UnsafeMetadata)
{
    public string Object => "user";

    public string ImageUrl => string.Empty;

    public bool HasImage => false;

    public bool TwoFactorEnabled => false;

    public IReadOnlyList<object> PhoneNumbers => [];

    public IReadOnlyList<object> Web3Wallets => [];

    public IReadOnlyList<object> ExternalAccounts => [];

    public IReadOnlyList<object> OrganizationMemberships => [];

}

internal sealed record EmailAddressJson(string Id, string EmailAddress, VerificationJson? Verification)
{
    public string Object => "email_address";

    public IReadOnlyList<object> LinkedTo => [];
}

internal sealed record VerificationJson(string Status, string Strategy, int? Attempts, long? ExpireAt)
{
    public string Object => "verification";
}
