using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Latchkey.Tokens.Internal;

namespace Latchkey.Tokens;

/// <summary>
/// A JSON Web Key (RFC 7517) as read from or written to a JWK Set: the public members Latchkey
/// uses for RSA (<c>n</c>, <c>e</c>), EC (<c>crv</c>, <c>x</c>, <c>y</c>) and OKP (<c>crv</c>,
/// <c>x</c>) keys. Reading is strict: duplicate member names, a known member of the wrong JSON
/// type, or invalid JSON are errors. Unknown members are ignored; private members (<c>d</c>,
/// <c>p</c>, <c>k</c>, ...) are noticed (<see cref="HasPrivateParameters"/>) but never kept or
/// written. Whether the key is usable for verification is decided by
/// <see cref="VerificationKey.FromJwk"/>.
/// </summary>
public sealed class JsonWebKey
{
    internal const int MaxJsonDepth = 8;

    private static readonly string[] StringMembers = ["kty", "kid", "use", "alg", "crv", "n", "e", "x", "y"];
    private static readonly string[] PrivateMembers = ["d", "p", "q", "dp", "dq", "qi", "k", "oth"];

    /// <summary>Key type: <c>RSA</c>, <c>EC</c> or <c>OKP</c> (others are read but never usable).</summary>
    public string? Kty { get; init; }

    /// <summary>Key id.</summary>
    public string? Kid { get; init; }

    /// <summary>Public key use; Latchkey requires <c>sig</c> or absent.</summary>
    public string? Use { get; init; }

    /// <summary>The algorithm the key is meant for; binds the key to that algorithm when present.</summary>
    public string? Alg { get; init; }

    /// <summary>Key operations; when present must contain <c>verify</c>.</summary>
    public IReadOnlyList<string>? KeyOps { get; init; }

    /// <summary>Curve: <c>P-256</c> (EC) or <c>Ed25519</c> (OKP).</summary>
    public string? Crv { get; init; }

    /// <summary>RSA modulus, base64url.</summary>
    public string? N { get; init; }

    /// <summary>RSA public exponent, base64url (<c>AQAB</c>).</summary>
    public string? E { get; init; }

    /// <summary>EC x coordinate or OKP public key, base64url.</summary>
    public string? X { get; init; }

    /// <summary>EC y coordinate, base64url.</summary>
    public string? Y { get; init; }

    /// <summary>True when the source JSON carried private-key members; they are ignored.</summary>
    public bool HasPrivateParameters { get; init; }

    /// <summary>Parses one JWK object.</summary>
    /// <exception cref="FormatException">The JSON is not a well-formed JWK (the message says why).</exception>
    public static JsonWebKey Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (!TryParse(Encoding.UTF8.GetBytes(json), out JsonWebKey? key, out string? error))
        {
            throw new FormatException(error);
        }

        return key;
    }

    /// <summary>Parses one JWK object from UTF-8 JSON; false with the reason when malformed.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out JsonWebKey? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        if (!JsonText.IsWellFormed(utf8Json))
        {
            error = JsonText.Describe(utf8Json, "JWK member", "JWK");
            return false;
        }

        if (!StrictJson.IsStrictDocument(utf8Json, MaxJsonDepth))
        {
            error = "the JWK is not valid JSON (or has duplicate member names, or is nested too deeply)";
            return false;
        }

        using JsonDocument document = JsonDocument.Parse(utf8Json.ToArray());
        return TryRead(document.RootElement, out key, out error);
    }

    internal static bool TryRead(JsonElement element, [NotNullWhen(true)] out JsonWebKey? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            error = "a JWK must be a JSON object";
            return false;
        }

        var values = new string?[StringMembers.Length];
        List<string>? keyOps = null;
        bool hasPrivate = false;
        foreach (JsonProperty property in element.EnumerateObject())
        {
            int index = Array.IndexOf(StringMembers, property.Name);
            if (index >= 0)
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    error = $"the JWK member \"{property.Name}\" must be a string";
                    return false;
                }

                values[index] = property.Value.GetString();
            }
            else if (property.Name == "key_ops")
            {
                if (property.Value.ValueKind != JsonValueKind.Array)
                {
                    error = "the JWK member \"key_ops\" must be an array of strings";
                    return false;
                }

                keyOps = [];
                foreach (JsonElement op in property.Value.EnumerateArray())
                {
                    if (op.ValueKind != JsonValueKind.String)
                    {
                        error = "the JWK member \"key_ops\" must be an array of strings";
                        return false;
                    }

                    keyOps.Add(op.GetString()!);
                }
            }
            else if (Array.IndexOf(PrivateMembers, property.Name) >= 0)
            {
                hasPrivate = true;
            }
        }

        key = new JsonWebKey
        {
            Kty = values[0], Kid = values[1], Use = values[2], Alg = values[3], Crv = values[4],
            N = values[5], E = values[6], X = values[7], Y = values[8], KeyOps = keyOps,
            HasPrivateParameters = hasPrivate,
        };
        error = null;
        return true;
    }

    /// <summary>Writes the public members as compact JSON.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    internal void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        Write(writer, "kty", Kty);
        Write(writer, "kid", Kid);
        Write(writer, "use", Use);
        Write(writer, "alg", Alg);
        if (KeyOps is not null)
        {
            writer.WriteStartArray("key_ops");
            foreach (string op in KeyOps)
            {
                writer.WriteStringValue(op);
            }

            writer.WriteEndArray();
        }

        Write(writer, "crv", Crv);
        Write(writer, "n", N);
        Write(writer, "e", E);
        Write(writer, "x", X);
        Write(writer, "y", Y);
        writer.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => ToJson();
}
