using System.Text.RegularExpressions;
using Latchkey.AspNetCore.Tokens;

namespace Latchkey.AspNetCore.Classification;

/// <summary>Classifies a bearer credential as a machine token (protocol.md §4.5).</summary>
internal static partial class MachineTokens
{
    public const string M2MPrefix = "mt_";
    public const string OAuthPrefix = "oat_";
    public const string ApiKeyPrefix = "ak_";

    /// <summary>Exactly three non-empty segments of base64url characters.</summary>
    [GeneratedRegex("^[a-zA-Z0-9_-]+\\.[a-zA-Z0-9_-]+\\.[a-zA-Z0-9_-]+$", RegexOptions.CultureInvariant, 100)]
    private static partial Regex JwtFormat();

    public static bool IsJwtFormat(string token) => token.Length <= AuthorizationHeaderParser.MaxTokenLength && JwtFormat().IsMatch(token);

    public static bool IsMachineJwt(string token, ITokenCore tokens) =>
        IsJwtFormat(token) && tokens.Peek(token) is { } peek && (peek.IsM2MJwt || peek.IsOAuthJwt);

    public static bool IsMachineToken(string token, ITokenCore tokens) =>
        token.StartsWith(M2MPrefix, StringComparison.Ordinal)
        || token.StartsWith(OAuthPrefix, StringComparison.Ordinal)
        || token.StartsWith(ApiKeyPrefix, StringComparison.Ordinal)
        || IsMachineJwt(token, tokens);

    /// <summary>The machine type of a token known to be a machine token (M2M first, then OAuth, then API key).</summary>
    public static LatchkeyTokenTypes TypeOf(string token, ITokenCore tokens)
    {
        var peek = IsJwtFormat(token) ? tokens.Peek(token) : null;
        if (token.StartsWith(M2MPrefix, StringComparison.Ordinal) || peek is { IsM2MJwt: true })
        {
            return LatchkeyTokenTypes.M2MToken;
        }

        if (token.StartsWith(OAuthPrefix, StringComparison.Ordinal) || peek is { IsOAuthJwt: true })
        {
            return LatchkeyTokenTypes.OAuthToken;
        }

        return token.StartsWith(ApiKeyPrefix, StringComparison.Ordinal) ? LatchkeyTokenTypes.ApiKey : LatchkeyTokenTypes.SessionToken;
    }

    /// <summary>Whether exactly one kind is set.</summary>
    public static bool IsSingle(LatchkeyTokenTypes types) => types != LatchkeyTokenTypes.None && (types & (types - 1)) == 0;
}
