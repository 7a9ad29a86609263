using System.Diagnostics.CodeAnalysis;
using Latchkey.Tokens.Internal;

namespace Latchkey.Tokens;

/// <summary>
/// Decodes a token WITHOUT verifying its signature, for the decisions the protocol takes before
/// verification (which cookie family to read, §2.5; whether <c>iat</c> predates
/// <c>__client_uat</c>, §5.6 C11–C13; the token category). Never use decoded claims to sign a
/// user in. As strict and bounded as the verifier: three canonical base64url segments, JSON
/// objects without duplicate names, typed known claims, at most
/// <see cref="TokenValidationOptions.DefaultMaxTokenLength"/> characters and
/// <see cref="TokenValidationOptions.DefaultMaxJsonDepth"/> levels by default.
/// </summary>
public static class JwtDecoder
{
    /// <summary>Decodes with the default limits; false when the token is not a well-formed JWS compact token.</summary>
    public static bool TryDecode(string? token, [NotNullWhen(true)] out DecodedToken? decoded) =>
        TryDecode(token, TokenValidationOptions.DefaultMaxTokenLength, TokenValidationOptions.DefaultMaxJsonDepth, out decoded, out _);

    /// <summary>Decodes with explicit limits; on failure <paramref name="error"/> says why.</summary>
    /// <param name="token">The token text.</param>
    /// <param name="maxTokenLength">Longest token accepted, in characters.</param>
    /// <param name="maxJsonDepth">Deepest JSON nesting accepted.</param>
    /// <param name="decoded">The decoded token.</param>
    /// <param name="error">Why decoding failed.</param>
    public static bool TryDecode(string? token, int maxTokenLength, int maxJsonDepth, [NotNullWhen(true)] out DecodedToken? decoded, [NotNullWhen(false)] out string? error)
    {
        decoded = null;
        if (string.IsNullOrEmpty(token) || token.Length > maxTokenLength)
        {
            error = string.IsNullOrEmpty(token) ? "the token is empty" : $"the token is longer than {maxTokenLength} characters";
            return false;
        }

        string[] parts = token.Split('.');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0 || parts[2].Length == 0)
        {
            error = "the token is not three dot-separated segments";
            return false;
        }

        byte[]? headerJson = Base64UrlStrict.DecodeToArray(parts[0]);
        byte[]? payloadJson = Base64UrlStrict.DecodeToArray(parts[1]);
        if (headerJson is null || payloadJson is null || !Base64UrlStrict.IsCanonical(parts[2]))
        {
            error = "a token segment is not canonical base64url";
            return false;
        }

        if (!HeaderReader.TryRead(headerJson, maxJsonDepth, null, out ParsedHeader header, out _, out string message))
        {
            error = message;
            return false;
        }

        // The header reader accepted only well-formed Unicode, so the raw kid bytes decode as they are.
        string? kid = header.KidString ?? (header.HasKid ? System.Text.Encoding.UTF8.GetString(header.KidUtf8) : null);

        string algorithm = header.UnknownAlgorithm ?? JwsAlgorithms.Name(header.Algorithm);
        var tokenHeader = new TokenHeader(token, parts[0].Length, algorithm, kid, header.Type, header.Category, header.OriginIssuedAt, header.HasEmbeddedKey);
        if (!ClaimsReader.TryRead(payloadJson, maxJsonDepth, null, out SessionClaims? claims, out _, out _, out string? claimsError))
        {
            error = claimsError!;
            return false;
        }

        decoded = new DecodedToken(tokenHeader, claims!);
        error = null;
        return true;
    }
}
