using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Latchkey.Tokens.Internal;

namespace Latchkey.Tokens;

/// <summary>
/// A JWK Set (RFC 7517 §5): <c>{"keys":[...]}</c>. Reading is strict and bounded: at most
/// <see cref="MaxBytes"/> bytes and <see cref="MaxKeys"/> keys, no duplicate member names, every
/// element a well-formed <see cref="JsonWebKey"/>. Keys Latchkey cannot use (other key types,
/// weak RSA, wrong <c>use</c>, ...) stay in <see cref="Keys"/>; <see cref="VerificationKeySet.FromJwks(JsonWebKeySet)"/>
/// leaves them out and says why.
/// </summary>
public sealed class JsonWebKeySet
{
    /// <summary>The largest JWK Set document accepted: 256 KiB.</summary>
    public const int MaxBytes = 256 * 1024;

    /// <summary>The most keys a JWK Set may hold: 100.</summary>
    public const int MaxKeys = 100;

    /// <summary>Creates a set from keys.</summary>
    public JsonWebKeySet(IEnumerable<JsonWebKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        Keys = [.. keys];
    }

    /// <summary>The keys, in document order.</summary>
    public IReadOnlyList<JsonWebKey> Keys { get; }

    /// <summary>Parses a JWK Set.</summary>
    /// <exception cref="FormatException">The JSON is not a well-formed JWK Set (the message says why).</exception>
    public static JsonWebKeySet Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (!TryParse(Encoding.UTF8.GetBytes(json), out JsonWebKeySet? set, out string? error))
        {
            throw new FormatException(error);
        }

        return set;
    }

    /// <summary>Parses a JWK Set from UTF-8 JSON; false with the reason when malformed.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out JsonWebKeySet? set, [NotNullWhen(false)] out string? error)
    {
        set = null;
        if (utf8Json.Length > MaxBytes)
        {
            error = $"the JWK Set is larger than {MaxBytes} bytes";
            return false;
        }

        if (!JsonText.IsWellFormed(utf8Json))
        {
            error = JsonText.Describe(utf8Json, "JWK Set member", "JWK Set");
            return false;
        }

        if (!StrictJson.IsStrictDocument(utf8Json, JsonWebKey.MaxJsonDepth + 2))
        {
            error = "the JWK Set is not valid JSON (or has duplicate member names, or is nested too deeply)";
            return false;
        }

        using JsonDocument document = JsonDocument.Parse(utf8Json.ToArray());
        JsonElement root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("keys", out JsonElement keys) || keys.ValueKind != JsonValueKind.Array)
        {
            error = "a JWK Set must be an object with a \"keys\" array";
            return false;
        }

        if (keys.GetArrayLength() > MaxKeys)
        {
            error = $"the JWK Set holds more than {MaxKeys} keys";
            return false;
        }

        var list = new List<JsonWebKey>();
        int index = 0;
        foreach (JsonElement element in keys.EnumerateArray())
        {
            if (!JsonWebKey.TryRead(element, out JsonWebKey? key, out string? keyError))
            {
                error = $"key {index}: {keyError}";
                return false;
            }

            list.Add(key);
            index++;
        }

        set = new JsonWebKeySet(list);
        error = null;
        return true;
    }

    /// <summary>Writes the set as compact JSON (public members only).</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("keys");
            foreach (JsonWebKey key in Keys)
            {
                key.WriteTo(writer);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <inheritdoc/>
    public override string ToString() => ToJson();
}
