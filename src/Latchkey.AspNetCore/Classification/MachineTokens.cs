using System.Buffers;
using Latchkey.AspNetCore.Tokens;

namespace Latchkey.AspNetCore.Classification;

/// <summary>Classifies a bearer credential as a machine token (protocol.md §4.5).</summary>
internal static class MachineTokens
{
    public const string M2MPrefix = "mt_";
    public const string OAuthPrefix = "oat_";
    public const string ApiKeyPrefix = "ak_";

    private static readonly SearchValues<char> JwtCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.");

    /// <summary>
    /// Exactly three non-empty segments of base64url characters (<c>[A-Za-z0-9_-]+</c>) joined by
    /// dots. A vectorized scan, not a regular expression: this runs on every request.
    /// </summary>
    public static bool IsJwtFormat(string token)
    {
        var s = token.AsSpan();
        if (s.Length > AuthorizationHeaderParser.MaxTokenLength || s.IndexOfAnyExcept(JwtCharacters) >= 0)
        {
            return false;
        }

        var first = s.IndexOf('.');
        if (first <= 0)
        {
            return false;
        }

        var rest = s[(first + 1)..];
        var second = rest.IndexOf('.');
        return second > 0 && second < rest.Length - 1 && rest[(second + 1)..].IndexOf('.') < 0;
    }

    /// <summary>An M2M or OAuth access-token JWT (the peek is asked first: on the hot path it is remembered, the format scan is not).</summary>
    public static bool IsMachineJwt(string token, ITokenPeeker tokens) =>
        tokens.Peek(token) is { } peek && (peek.IsM2MJwt || peek.IsOAuthJwt) && IsJwtFormat(token);

    public static bool IsMachineToken(string token, ITokenPeeker tokens) =>
        token.StartsWith(M2MPrefix, StringComparison.Ordinal)
        || token.StartsWith(OAuthPrefix, StringComparison.Ordinal)
        || token.StartsWith(ApiKeyPrefix, StringComparison.Ordinal)
        || IsMachineJwt(token, tokens);

    /// <summary>The machine type of a token known to be a machine token (M2M first, then OAuth, then API key).</summary>
    public static LatchkeyTokenTypes TypeOf(string token, ITokenPeeker tokens)
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
