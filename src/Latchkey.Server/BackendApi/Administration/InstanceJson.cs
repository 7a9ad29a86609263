namespace Latchkey.Server.BackendApi.Administration;

// Wire shapes of the instance administration endpoints (Latchkey-only), snake_case, times in Unix ms.

/// <summary>What a backend or an operator needs to configure verification of this instance's tokens.</summary>
internal sealed record InstanceKeysJson(
    string PublishableKey,
    string FrontendApiUrl,
    string JwksUrl,
    string InstanceType,
    string PublicKeyPem,
    IReadOnlyList<SigningKeyJson> SigningKeys)
{
    public string Object => "instance_keys";
}

/// <summary>A published signing key: <c>current</c> (signs now), <c>next</c> (published, signs from <c>activates_at</c>) or <c>retired</c> (published until <c>published_until</c>).</summary>
internal sealed record SigningKeyJson(string Kid, string Algorithm, string Status, long CreatedAt, long ActivatesAt, long? RetiredAt, long? PublishedUntil, string PublicKeyPem)
{
    public string Object => "signing_key";
}

internal sealed record SigningKeyRotationJson(string Kid, long ActivatesAt, IReadOnlyList<string> RetiredKids, long RetiredKeysPublishedUntil)
{
    public string Object => "signing_key_rotation";
}

/// <summary>A secret key as listed: never the key itself, only its first characters.</summary>
internal sealed record SecretKeyJson(string Id, string? Name, string Hint, long CreatedAt, long? RevokedAt, bool Current)
{
    public string Object => "secret_key";
}

/// <summary>A secret key just created: the only answer that ever carries <c>secret</c>.</summary>
internal sealed record CreatedSecretKeyJson(string Id, string? Name, string Hint, long CreatedAt, string Secret)
{
    public string Object => "secret_key";

    public long? RevokedAt => null;
}
