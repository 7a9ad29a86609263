using System.Text.Json;
using Latchkey.Server.FrontendApi.Json;

namespace Latchkey.Server.BackendApi.Json;

// Wire shapes of the Backend API, after the resource types of @clerk/backend 3.25.0
// (api/resources/JSON.d.ts: UserJSON, EmailAddressJSON, SessionJSON, DeletedObjectJSON).
// Serialised in snake_case; times are Unix milliseconds. Fields Latchkey has no data for
// (phone numbers, web3 wallets, external accounts, TOTP...) are present with empty values.

internal sealed record BackendUserJson(
    string Id,
    string? Username,
    string? FirstName,
    string? LastName,
    string? PrimaryEmailAddressId,
    IReadOnlyList<BackendEmailAddressJson> EmailAddresses,
    bool PasswordEnabled,
    JsonElement PublicMetadata,
    JsonElement PrivateMetadata,
    JsonElement UnsafeMetadata,
    long? LastSignInAt,
    long? LastActiveAt,
    bool Banned,
    bool Locked,
    long? LockoutExpiresInSeconds,
    long CreatedAt,
    long UpdatedAt)
{
    public string Object => "user";

    public string ImageUrl => string.Empty;

    public bool HasImage => false;

    public string? PrimaryPhoneNumberId => null;

    public string? PrimaryWeb3WalletId => null;

    public bool TwoFactorEnabled => false;

    public bool TotpEnabled => false;

    public bool BackupCodeEnabled => false;

    public IReadOnlyList<object> PhoneNumbers => [];

    public IReadOnlyList<object> Web3Wallets => [];

    public IReadOnlyList<object> ExternalAccounts => [];

    public IReadOnlyList<object> EnterpriseAccounts => [];

    public long? PasswordLastUpdatedAt => null;

    public string? ExternalId => null;

    public bool Deprovisioned => false;

    public int? VerificationAttemptsRemaining => null;

    public bool CreateOrganizationEnabled => false;

    public int? CreateOrganizationsLimit => null;

    public bool DeleteSelfEnabled => true;

    public long? LegalAcceptedAt => null;

    public string? Locale => null;

    public string? Timezone => null;
}

internal sealed record BackendEmailAddressJson(string Id, string EmailAddress, VerificationJson? Verification)
{
    public string Object => "email_address";

    public IReadOnlyList<object> LinkedTo => [];
}

internal sealed record BackendSessionJson(
    string Id,
    string ClientId,
    string UserId,
    string Status,
    long LastActiveAt,
    long ExpireAt,
    long AbandonAt,
    long CreatedAt,
    long UpdatedAt)
{
    public string Object => "session";

    public string? LastActiveOrganizationId => null;

    public object? Actor => null;
}

/// <summary><c>{"object":"user","id":"user_...","deleted":true}</c> after a deletion.</summary>
internal sealed record DeletedObjectJson(string Object, string Id)
{
    public bool Deleted => true;
}

/// <summary><c>{"object":"total_count","total_count":N}</c> (what <c>users.getCount</c> reads).</summary>
internal sealed record TotalCountJson(long TotalCount)
{
    public string Object => "total_count";
}

/// <summary><c>{"data":[...],"total_count":N}</c>: a page of a list called with <c>paginated=true</c>.</summary>
internal sealed record PageJson<T>(IReadOnlyList<T> Data, long TotalCount);

/// <summary><c>{"object":"token","jwt":"..."}</c>.</summary>
internal sealed record BackendTokenJson(string Jwt)
{
    public string Object => "token";
}
