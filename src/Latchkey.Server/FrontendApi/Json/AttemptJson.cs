namespace Latchkey.Server.FrontendApi.Json;

internal sealed record SignInJson(
    string Id,
    string Status,
    string? Identifier,
    IReadOnlyList<FirstFactorJson> SupportedFirstFactors,
    VerificationJson? FirstFactorVerification,
    string? CreatedSessionId,
    long AbandonAt)
{
    public string Object => "sign_in";

    public IReadOnlyList<string> SupportedIdentifiers => ["email_address", "username"];

    public IReadOnlyList<object>? SupportedSecondFactors => null;

    public VerificationJson? SecondFactorVerification => null;

    public object? UserData => null;
}

internal sealed record FirstFactorJson(string Strategy, string? EmailAddressId = null, string? SafeIdentifier = null);

internal sealed record SignUpJson(
    string Id,
    string Status,
    IReadOnlyList<string> MissingFields,
    IReadOnlyList<string> UnverifiedFields,
    SignUpVerificationsJson Verifications,
    string? Username,
    string? EmailAddress,
    string? FirstName,
    string? LastName,
    bool PasswordEnabled,
    string? CreatedSessionId,
    string? CreatedUserId,
    long AbandonAt)
{
    public string Object => "sign_up";

    public IReadOnlyList<string> RequiredFields => ["email_address", "password"];

    public IReadOnlyList<string> OptionalFields => ["first_name", "last_name", "username"];

    public string? PhoneNumber => null;

    public string? Web3Wallet => null;

    public IReadOnlyDictionary<string, object> UnsafeMetadata => new Dictionary<string, object>();
}

internal sealed record SignUpVerificationsJson(VerificationJson? EmailAddress)
{
    public VerificationJson? PhoneNumber => null;

    public VerificationJson? Web3Wallet => null;

    public VerificationJson? ExternalAccount => null;
}

/// <summary>The <c>{response, client}</c> envelope of every Frontend API answer except token mints.</summary>
internal sealed record EnvelopeJson(object? Response, ClientJson? Client);
