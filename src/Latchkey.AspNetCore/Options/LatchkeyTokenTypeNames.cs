namespace Latchkey.AspNetCore;

/// <summary>Maps <see cref="LatchkeyTokenTypes"/> to and from the protocol's names (<c>session_token</c>, <c>api_key</c>, <c>m2m_token</c>, <c>oauth_token</c>, <c>any</c>).</summary>
public static class LatchkeyTokenTypeNames
{
    /// <summary><c>session_token</c>.</summary>
    public const string SessionToken = "session_token";

    /// <summary><c>api_key</c>.</summary>
    public const string ApiKey = "api_key";

    /// <summary><c>m2m_token</c>.</summary>
    public const string M2MToken = "m2m_token";

    /// <summary><c>oauth_token</c>.</summary>
    public const string OAuthToken = "oauth_token";

    /// <summary><c>any</c>.</summary>
    public const string Any = "any";

    /// <summary>Returns the protocol name of a single kind, or null for <see cref="LatchkeyTokenTypes.None"/> or a combination.</summary>
    /// <param name="type">One kind.</param>
    public static string? ToProtocolName(LatchkeyTokenTypes type) => type switch
    {
        LatchkeyTokenTypes.SessionToken => SessionToken,
        LatchkeyTokenTypes.ApiKey => ApiKey,
        LatchkeyTokenTypes.M2MToken => M2MToken,
        LatchkeyTokenTypes.OAuthToken => OAuthToken,
        _ => null,
    };

    /// <summary>Parses one protocol name (including <c>any</c>); returns false for an unknown name.</summary>
    /// <param name="name">The protocol name.</param>
    /// <param name="type">The kind(s).</param>
    public static bool TryParse(string? name, out LatchkeyTokenTypes type)
    {
        type = name switch
        {
            SessionToken => LatchkeyTokenTypes.SessionToken,
            ApiKey => LatchkeyTokenTypes.ApiKey,
            M2MToken => LatchkeyTokenTypes.M2MToken,
            OAuthToken => LatchkeyTokenTypes.OAuthToken,
            Any => LatchkeyTokenTypes.Any,
            _ => LatchkeyTokenTypes.None,
        };
        return type != LatchkeyTokenTypes.None;
    }
}
