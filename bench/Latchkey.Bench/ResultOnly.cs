using Latchkey.Tokens;
using Latchkey.Tokens.Internal;

namespace Latchkey.Bench;

/// <summary>
/// Builds exactly the objects an accepted verification returns (claims, header, result) without
/// any cryptography or checks: the allocation floor for "no allocation beyond the returned claims".
/// </summary>
internal static class ResultOnly
{
    private const string Kid = "ins_2GIoQhbUpy0hX7B2cVkuTMinXoD";

    private static readonly KnownValues Known = new(["https://clerk.example.com"], ["https://example.com"]);

    public static object Build(string token)
    {
        int dot1 = token.IndexOf('.');
        int dot2 = token.IndexOf('.', dot1 + 1);
        ReadOnlySpan<char> payload = token.AsSpan(dot1 + 1, dot2 - dot1 - 1);
        var json = new byte[Base64UrlStrict.DecodedLength(payload.Length)];
        Base64UrlStrict.TryDecode(payload, json, out _);
        ClaimsReader.TryRead(json, 16, Known, out SessionClaims? claims, out _, out _, out _);
        var header = new TokenHeader(token, dot1, SigningAlgorithms.RS256, Kid, "JWT", TokenCategories.Session, null, false);
        return TokenVerificationResult.Success(header, claims!, null!);
    }
}
