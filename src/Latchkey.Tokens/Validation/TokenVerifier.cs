using System.Buffers;
using System.Text;
using Latchkey.Tokens.Internal;

namespace Latchkey.Tokens;

/// <summary>
/// Verifies session tokens (JWS compact, protocol §4.1, hardened) synchronously over a key-set
/// snapshot, in a fixed order: parse (size, three canonical base64url segments, header JSON
/// without duplicates, no <c>crit</c>) → <c>typ</c> and <c>cat</c> → <c>alg</c> allow-list →
/// key by exact <c>kid</c> → algorithm allowed for that key → signature → claim set (no
/// duplicates, typed) → <c>sub</c>, kind rules, <c>aud</c>, <c>azp</c>, <c>iss</c>, <c>exp</c>,
/// <c>nbf</c>, <c>iat</c>. No claim is read before the signature holds. Expected failures are
/// results with a reason code, never exceptions. Thread-safe.
/// </summary>
/// <example>
/// <code>
/// var verifier = new TokenVerifier(new TokenValidationOptions { ValidIssuers = { "https://clerk.example.com" } });
/// TokenVerificationResult result = verifier.Verify(token, VerificationKeySet.FromJwks(jwksJson));
/// if (result.Reason == ReasonCodes.JwkKidMismatch) { /* refetch the JWKS once, then verify again */ }
/// </code>
/// </example>
public sealed class TokenVerifier : ITokenVerifier
{
    /// <summary>The pseudo-reason of <see cref="VerifySignatureOnly"/> when the signature held.</summary>
    internal const string SignatureVerifiedMarker = "signature-verified";

    private const int StackLimit = 1024;

    private static readonly TokenVerificationResult Empty = TokenVerificationResult.Failure(ReasonCodes.TokenInvalid, "the token is empty");
    private static readonly TokenVerificationResult NotThreeParts = TokenVerificationResult.Failure(ReasonCodes.TokenInvalid, "the token is not three dot-separated base64url segments (header.payload.signature)");
    private static readonly TokenVerificationResult NotBase64Url = TokenVerificationResult.Failure(ReasonCodes.TokenInvalid, "a token segment is not canonical base64url (no padding, no other characters, zero trailing bits)");

    private readonly ValidationSettings _settings;
    private readonly TimeProvider _time;
    private readonly TokenVerificationResult _tooLong;
    private readonly HeaderCache _headers = new();

    /// <summary>Creates a verifier.</summary>
    /// <param name="options">What to accept; copied and validated now.</param>
    /// <param name="timeProvider">The clock; default <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentException">The options are inconsistent (e.g. no issuer while <see cref="TokenValidationOptions.ValidateIssuer"/> is on).</exception>
    public TokenVerifier(TokenValidationOptions options, TimeProvider? timeProvider = null)
    {
        _settings = new ValidationSettings(options);
        _time = timeProvider ?? TimeProvider.System;
        _tooLong = TokenVerificationResult.Failure(ReasonCodes.TokenInvalid, $"the token is longer than {_settings.MaxTokenLength} characters");
    }

    internal ValidationSettings Settings => _settings;

    internal TimeProvider Time => _time;

    /// <summary>The headers of verified tokens (see <see cref="HeaderCache"/>).</summary>
    internal HeaderCache Headers => _headers;

    /// <inheritdoc/>
    public TokenVerificationResult Verify(string? token, VerificationKeySet keys) => VerifyCore(token, keys, signatureOnly: false);

    /// <summary>Runs every step up to and including the signature, skipping the claim set (the JWS layer alone, for vector tests).</summary>
    internal TokenVerificationResult VerifySignatureOnly(string? token, VerificationKeySet keys) => VerifyCore(token, keys, signatureOnly: true);

    /// <summary>
    /// Checks the header rules (<c>typ</c>, <c>cat</c>, <c>alg</c>, key by <c>kid</c>) and the
    /// signature only, with no claim checks: for signed payloads that are not session tokens, such
    /// as the protocol's legacy handshake payload (§6.4). Valid means the signature held; the
    /// result then has <see cref="TokenVerificationResult.Header"/> and <see cref="TokenVerificationResult.Key"/>
    /// but no claims (decode them with <see cref="JwtDecoder"/>).
    /// </summary>
    /// <param name="token">The compact token.</param>
    /// <param name="keys">The key set.</param>
    public TokenVerificationResult VerifySignature(string? token, VerificationKeySet keys)
    {
        TokenVerificationResult result = VerifyCore(token, keys, signatureOnly: true);
        return result.Reason == SignatureVerifiedMarker ? TokenVerificationResult.Success(result.Header!, null!, result.Key!) : result;
    }

    private TokenVerificationResult VerifyCore(string? token, VerificationKeySet keys, bool signatureOnly)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (string.IsNullOrEmpty(token))
        {
            return Empty;
        }

        if (token.Length > _settings.MaxTokenLength)
        {
            return _tooLong;
        }

        ReadOnlySpan<char> text = token;
        int dot1 = text.IndexOf('.');
        int dot2 = dot1 < 0 ? -1 : text[(dot1 + 1)..].IndexOf('.');
        // An empty payload is a valid JWS (RFC 7515); it fails later as "not a claim set".
        if (dot1 <= 0 || dot2 < 0)
        {
            return NotThreeParts;
        }

        dot2 += dot1 + 1;

        // An empty signature parses (so alg "none" is reported as an algorithm failure, as the
        // protocol does) and then fails the length check of every allowed algorithm.
        if (text[(dot2 + 1)..].Contains('.'))
        {
            return NotThreeParts;
        }

        // The token narrowed to ASCII once: the signing input is its first part, and every
        // segment is checked and decoded from these bytes (vectorized UTF-8 base64url).
        byte[]? rented = null;
        Span<byte> ascii = token.Length <= 2 * StackLimit ? stackalloc byte[token.Length] : (rented = ArrayPool<byte>.Shared.Rent(token.Length)).AsSpan(0, token.Length);
        try
        {
            if (System.Text.Ascii.FromUtf16(text, ascii, out _) != OperationStatus.Done)
            {
                return NotBase64Url;
            }

            // A header seen on a verified token with this key set: its bytes were canonical then,
            // and every header check and the key lookup concluded as they would now.
            if (_headers.Find(ascii[..dot1], keys) is { } known)
            {
                return !Base64UrlStrict.IsCanonical(ascii[(dot1 + 1)..dot2]) || !Base64UrlStrict.IsCanonical(ascii[(dot2 + 1)..])
                    ? NotBase64Url
                    : VerifyWithKnownHeader(token, ascii, dot1, dot2, known, signatureOnly);
            }

            if (!Base64UrlStrict.IsCanonical(ascii[..dot1])
                || !Base64UrlStrict.IsCanonical(ascii[(dot1 + 1)..dot2])
                || !Base64UrlStrict.IsCanonical(ascii[(dot2 + 1)..]))
            {
                return NotBase64Url;
            }

            int headerLength = Base64UrlStrict.DecodedLength(dot1);
            byte[]? headerRented = null;
            Span<byte> headerBytes = headerLength <= StackLimit ? stackalloc byte[headerLength] : (headerRented = ArrayPool<byte>.Shared.Rent(headerLength)).AsSpan(0, headerLength);
            try
            {
                Base64UrlStrict.DecodeCanonical(ascii[..dot1], headerBytes);
                return VerifyWithHeader(token, ascii, dot1, dot2, headerBytes, keys, signatureOnly);
            }
            finally
            {
                if (headerRented is not null)
                {
                    ArrayPool<byte>.Shared.Return(headerRented);
                }
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private TokenVerificationResult VerifyWithHeader(string token, ReadOnlySpan<byte> ascii, int dot1, int dot2, ReadOnlySpan<byte> headerJson, VerificationKeySet keys, bool signatureOnly)
    {
        if (!HeaderReader.TryRead(headerJson, _settings.MaxJsonDepth, _settings.Types, out ParsedHeader parsed, out string reason, out string message))
        {
            return TokenVerificationResult.Failure(reason, message);
        }

        // typ (protocol §4.1 step 4a) and cat (§4.1 step 2, hardened per kind).
        if (parsed.HasType && !parsed.TypeAllowed)
        {
            return TokenVerificationResult.Failure(ReasonCodes.TokenInvalid,
                $"the header \"typ\" is \"{parsed.Type}\"; expected {string.Join(" or ", _settings.AllowedTypes)}");
        }

        if (parsed.Type is "at+jwt" or "application/at+jwt")
        {
            return TokenVerificationResult.Failure(ReasonCodes.TokenInvalid, "the header \"typ\" marks an OAuth access token; a session token was expected");
        }

        if (CategoryProblem(parsed.Category) is { } categoryProblem)
        {
            return TokenVerificationResult.Failure(ReasonCodes.TokenInvalid, categoryProblem);
        }

        // alg allow-list: never none, never HMAC, never anything outside the five.
        if (parsed.Algorithm == JwsAlgorithm.None || (_settings.AllowedAlgorithms & parsed.Algorithm) == 0)
        {
            string name = parsed.UnknownAlgorithm ?? JwsAlgorithms.Name(parsed.Algorithm);
            return TokenVerificationResult.Failure(ReasonCodes.TokenInvalidAlgorithm,
                $"the header \"alg\" is \"{Printable(name)}\"; allowed: {string.Join(", ", JwsAlgorithms.Names(_settings.AllowedAlgorithms))}");
        }

        // Key by exact kid.
        VerificationKey? key;
        string? kid = parsed.KidString;
        if (kid is not null || !parsed.HasKid)
        {
            keys.TryGetKey(kid, out key);
        }
        else if (parsed.KidUtf8.Length > 4 * KeyRules.MaxKidLength)
        {
            key = null;
            kid = "(longer than any key id)";
        }
        else
        {
            // The header reader accepted only valid UTF-8 (JsonText gate): transcoding cannot fail.
            Span<char> kidChars = stackalloc char[parsed.KidUtf8.Length];
            int kidLength = Encoding.UTF8.GetChars(parsed.KidUtf8, kidChars);

            keys.TryGetKey(kidChars[..kidLength], hasKid: true, out key);
            kid = key is not null && !keys.IsPemMode ? key.Kid : new string(kidChars[..kidLength]);
        }

        var header = new TokenHeader(token, dot1, JwsAlgorithms.Name(parsed.Algorithm), kid, parsed.Type, parsed.Category, parsed.OriginIssuedAt, parsed.HasEmbeddedKey);
        if (key is null)
        {
            return TokenVerificationResult.Failure(ReasonCodes.JwkKidMismatch, kid is null
                ? "the token has no \"kid\" header and the key set is not in PEM mode"
                : $"no key has the kid \"{Printable(kid)}\" (key set: {keys.Keys.Count} keys); refetch the JWKS if it is remote", header);
        }

        if ((key.AllowedAlgorithms & parsed.Algorithm) == 0)
        {
            return TokenVerificationResult.Failure(ReasonCodes.TokenInvalidAlgorithm,
                $"the key \"{Printable(key.Kid)}\" verifies {string.Join(", ", key.Algorithms)} only, not {header.Algorithm}", header);
        }

        if (!CheckSignature(ascii, dot2, key, parsed.Algorithm))
        {
            return TokenVerificationResult.Failure(ReasonCodes.TokenInvalidSignature, SignatureMessage(key, header.Algorithm), header);
        }

        if (dot1 <= HeaderCache.MaxEncodedLength)
        {
            _headers.Add(new HeaderCache.Entry(ascii[..dot1].ToArray(), parsed.Algorithm, kid, parsed.Type, parsed.Category, parsed.OriginIssuedAt, parsed.HasEmbeddedKey, keys, key));
        }

        return AfterSignature(ascii, dot1, dot2, header, key, signatureOnly);
    }

    private TokenVerificationResult VerifyWithKnownHeader(string token, ReadOnlySpan<byte> ascii, int dot1, int dot2, HeaderCache.Entry known, bool signatureOnly)
    {
        TokenHeader header = known.CreateHeader(token, dot1);
        if (!CheckSignature(ascii, dot2, known.Key, known.Algorithm))
        {
            return TokenVerificationResult.Failure(ReasonCodes.TokenInvalidSignature, SignatureMessage(known.Key, header.Algorithm), header);
        }

        return AfterSignature(ascii, dot1, dot2, header, known.Key, signatureOnly);
    }

    private TokenVerificationResult AfterSignature(ReadOnlySpan<byte> ascii, int dot1, int dot2, TokenHeader header, VerificationKey key, bool signatureOnly) =>
        signatureOnly
            ? TokenVerificationResult.Failure(SignatureVerifiedMarker, "the signature verified; the claims were not checked", header, null, key)
            : CheckClaims(ascii[(dot1 + 1)..dot2], header, key);

    private string? CategoryProblem(string? category)
    {
        switch (category)
        {
            case null or TokenCategories.Session or TokenCategories.Ignore:
                return null;
            case TokenCategories.Template when _settings.Kind == TokenKind.Template:
                return null;
            case TokenCategories.Template:
                return "the header \"cat\" is the JWT-template category; a session token was expected";
            case TokenCategories.Machine:
                return "the header \"cat\" is the machine (M2M) category; a session token was expected";
            default:
                return $"the header \"cat\" is the unknown category \"{Printable(category)}\"";
        }
    }

    private static bool CheckSignature(ReadOnlySpan<byte> ascii, int dot2, VerificationKey key, JwsAlgorithm algorithm)
    {
        ReadOnlySpan<byte> signatureText = ascii[(dot2 + 1)..];
        int signatureLength = Base64UrlStrict.DecodedLength(signatureText.Length);
        if (signatureLength != key.SignatureLength)
        {
            return false;
        }

        Span<byte> signature = stackalloc byte[signatureLength];
        Base64UrlStrict.DecodeCanonical(signatureText, signature);

        // The signing input is the ASCII text header.payload (RFC 7515 §5.2 step 8).
        return key.VerifySignature(algorithm, ascii[..dot2], signature);
    }

    private TokenVerificationResult CheckClaims(ReadOnlySpan<byte> payloadText, TokenHeader header, VerificationKey key)
    {
        // Decoded straight into the array the claims keep (their raw JSON): no copy.
        var json = new byte[Base64UrlStrict.DecodedLength(payloadText.Length)];
        Base64UrlStrict.DecodeCanonical(payloadText, json);
        if (!ClaimsReader.TryRead(json, _settings.MaxJsonDepth, _settings.Known, out SessionClaims? claims, out ClaimsReader.TimeValues times, out string? reason, out string? message))
        {
            return TokenVerificationResult.Failure(reason!, message!, header);
        }

        return ClaimRules.Check(_settings, _time.GetUtcNow().ToUnixTimeMilliseconds(), header, claims!, times, key);
    }

    // Formatted only when read, so that a forged token costs no more than a good one.
    private static Func<string> SignatureMessage(VerificationKey key, string algorithm) =>
        () => $"the signature does not verify with the key \"{Printable(key.Kid)}\" ({algorithm})";

    /// <summary>Keeps untrusted text in messages short and free of control characters.</summary>
    internal static string Printable(string value)
    {
        const int Max = 80;
        var builder = new StringBuilder(Math.Min(value.Length, Max) + 3);
        foreach (char c in value.Length > Max ? value[..Max] : value)
        {
            builder.Append(char.IsControl(c) ? '?' : c);
        }

        return value.Length > Max ? builder.Append("...").ToString() : builder.ToString();
    }
}
