using System.Text.Json;

namespace Latchkey.AspNetCore;

/// <summary>The verified identity behind a machine token (API key, M2M token, OAuth access token; protocol.md §4.5).</summary>
public sealed class LatchkeyMachineIdentity
{
    internal LatchkeyMachineIdentity(
        LatchkeyTokenTypes tokenType,
        string? id,
        string? subject,
        string? name,
        string? clientId,
        IReadOnlyList<string> scopes,
        JsonElement? claims)
    {
        TokenType = tokenType;
        Id = id;
        Subject = subject;
        Name = name;
        ClientId = clientId;
        Scopes = scopes;
        Claims = claims;
    }

    /// <summary>The kind of machine token.</summary>
    public LatchkeyTokenTypes TokenType { get; }

    /// <summary>The token's id (<c>ak_...</c>, <c>mt_...</c>, <c>oat_...</c>), when known.</summary>
    public string? Id { get; }

    /// <summary>The subject: a machine id (<c>mch_...</c>), user id (<c>user_...</c>) or organization id (<c>org_...</c>).</summary>
    public string? Subject { get; }

    /// <summary>The API key's name, when the token is an API key.</summary>
    public string? Name { get; }

    /// <summary>The OAuth client id, when the token is an OAuth access token.</summary>
    public string? ClientId { get; }

    /// <summary>The granted scopes.</summary>
    public IReadOnlyList<string> Scopes { get; }

    /// <summary>Custom claims, when the token carries any.</summary>
    public JsonElement? Claims { get; }
}
