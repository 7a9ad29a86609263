using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Latchkey.Tokens;

/// <summary>
/// Signs an arbitrary JSON object as a JWS compact string with a <see cref="SigningKey"/>:
/// for signed documents that are not session tokens, such as the legacy handshake payload
/// <c>{"handshake":["&lt;Set-Cookie&gt;",...]}</c> (protocol.md §6.2). The header is
/// <c>{"alg","cat"?,"kid","typ":"JWT"}</c>, exactly as <see cref="SessionTokenMinter"/> writes
/// it, so verifiers resolve the key by <c>kid</c> the same way. The payload is signed as given:
/// the caller decides its claims (a session token is minted with <see cref="SessionTokenMinter"/>,
/// never by hand here). Thread-safe.
/// </summary>
/// <example>
/// <code>
/// byte[] payload = JsonSerializer.SerializeToUtf8Bytes(new { handshake = new[] { "__session=...; Path=/" }, exp = 1700000060 });
/// string jws = JwsSigner.Sign(payload, key, TokenCategories.Session);
/// </code>
/// </example>
public static class JwsSigner
{
    /// <summary>The largest payload accepted, in bytes of UTF-8 JSON: 64 KiB (far above any cookie or URL).</summary>
    public const int MaxPayloadBytes = 64 * 1024;

    /// <summary>The deepest JSON nesting accepted in a payload: 32 levels.</summary>
    public const int MaxPayloadDepth = 32;

    private static readonly JsonWriterOptions HeaderOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Signs <paramref name="payloadJson"/> (one UTF-8 JSON object) with <paramref name="key"/>.</summary>
    /// <param name="payloadJson">The claims, one JSON object; at most <see cref="MaxPayloadBytes"/> bytes and <see cref="MaxPayloadDepth"/> levels deep.</param>
    /// <param name="key">The signing key; its <c>kid</c> and algorithm go into the header.</param>
    /// <param name="category">The optional header <c>cat</c> (see <see cref="TokenCategories"/>); default none.</param>
    /// <returns>The JWS compact serialization.</returns>
    /// <exception cref="ArgumentException">The payload is not a single JSON object within the bounds, or the category is empty or not printable ASCII.</exception>
    public static string Sign(ReadOnlySpan<byte> payloadJson, SigningKey key, string? category = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ValidatePayload(payloadJson);
        if (category is not null && (category.Length == 0 || category.Length > 64 || !category.All(c => c is > ' ' and < (char)127 and not '"' and not '\\')))
        {
            throw new ArgumentException("The category must be 1 to 64 printable ASCII characters.", nameof(category));
        }

        var header = new ArrayBufferWriter<byte>(128);
        using (var w = new Utf8JsonWriter(header, HeaderOptions))
        {
            w.WriteStartObject();
            w.WriteString("alg"u8, key.Algorithm);
            if (category is not null)
            {
                w.WriteString("cat"u8, category);
            }

            w.WriteString("kid"u8, key.Kid);
            w.WriteString("typ"u8, "JWT"u8);
            w.WriteEndObject();
        }

        return JwsCompact.Encode(header.WrittenSpan, payloadJson, key);
    }

    private static void ValidatePayload(ReadOnlySpan<byte> payloadJson)
    {
        if (payloadJson.Length > MaxPayloadBytes)
        {
            throw new ArgumentException($"The payload is {payloadJson.Length} bytes; at most {MaxPayloadBytes} are signed.", nameof(payloadJson));
        }

        var reader = new Utf8JsonReader(payloadJson, new JsonReaderOptions { MaxDepth = MaxPayloadDepth });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new ArgumentException("The payload must be one JSON object.", nameof(payloadJson));
            }

            reader.Skip();
            if (reader.Read())
            {
                throw new ArgumentException("The payload must be one JSON object with nothing after it.", nameof(payloadJson));
            }
        }
        catch (JsonException e)
        {
            throw new ArgumentException("The payload is not valid JSON: " + e.Message, nameof(payloadJson), e);
        }
    }
}
