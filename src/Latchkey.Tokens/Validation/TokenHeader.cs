using System.Text;
using Latchkey.Tokens.Internal;

namespace Latchkey.Tokens;

/// <summary>
/// The decoded JOSE header of a token. Only the members Latchkey reads are exposed; embedded
/// key headers (<c>jwk</c>, <c>jku</c>, <c>x5u</c>, <c>x5c</c>, <c>x5t</c>) are never used and
/// only flagged (<see cref="HasEmbeddedKeyParameters"/>). The full header is in <see cref="ToJson"/>.
/// </summary>
public sealed class TokenHeader
{
    private readonly string _token;
    private readonly int _length;

    internal TokenHeader(string token, int length, string algorithm, string? keyId, string? type, string? category, long? originIssuedAt, bool embeddedKey)
    {
        _token = token;
        _length = length;
        Algorithm = algorithm;
        KeyId = keyId;
        Type = type;
        Category = category;
        OriginIssuedAt = originIssuedAt;
        HasEmbeddedKeyParameters = embeddedKey;
    }

    /// <summary>The <c>alg</c> member.</summary>
    public string Algorithm { get; }

    /// <summary>The <c>kid</c> member, when present.</summary>
    public string? KeyId { get; }

    /// <summary>The <c>typ</c> member, when present.</summary>
    public string? Type { get; }

    /// <summary>The <c>cat</c> member (see <see cref="TokenCategories"/>), when present.</summary>
    public string? Category { get; }

    /// <summary>The <c>oiat</c> member ("origin issued at", Unix seconds), when present.</summary>
    public long? OriginIssuedAt { get; }

    /// <summary>True when the header carried <c>jwk</c>, <c>jku</c>, <c>x5u</c>, <c>x5c</c> or <c>x5t</c>; they were ignored.</summary>
    public bool HasEmbeddedKeyParameters { get; }

    /// <summary>The header JSON exactly as encoded in the token.</summary>
    public string ToJson()
    {
        byte[]? bytes = Base64UrlStrict.DecodeToArray(_token.AsSpan(0, _length));
        return bytes is null ? "" : Encoding.UTF8.GetString(bytes);
    }

    /// <inheritdoc/>
    public override string ToString() => ToJson();
}
