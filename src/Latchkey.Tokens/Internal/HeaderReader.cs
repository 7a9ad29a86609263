using System.Text.Json;

namespace Latchkey.Tokens.Internal;

/// <summary>What the header reader found; spans point into the decoded header bytes.</summary>
internal ref struct ParsedHeader
{
    public JwsAlgorithm Algorithm;
    public string? UnknownAlgorithm;
    public bool HasKid;
    public ReadOnlySpan<byte> KidUtf8;
    public string? KidString;
    public bool HasType;
    public string? Type;
    public bool TypeAllowed;
    public string? Category;
    public long? OriginIssuedAt;
    public bool HasEmbeddedKey;
}

/// <summary>
/// Reads a JOSE header: a JSON object without duplicate names; <c>alg</c> a string; <c>kid</c>,
/// <c>typ</c>, <c>cat</c> strings when present; <c>crit</c> and <c>b64</c> rejected (no
/// extension is understood, RFC 7515 §4.1.11, RFC 7797); embedded keys flagged and ignored.
/// </summary>
internal static class HeaderReader
{
    public static bool TryRead(ReadOnlySpan<byte> json, int maxDepth, KnownValues.Set? allowedTypes, out ParsedHeader header, out string reason, out string message)
    {
        header = default;
        reason = ReasonCodes.TokenInvalid;
        if (!JsonText.IsWellFormed(json))
        {
            message = JsonText.Describe(json, "header member", "header");
            return false;
        }

        var names = new JsonNameTracker(json.Length, maxDepth);
        try
        {
            var reader = new Utf8JsonReader(json, StrictJson.ReaderOptions(maxDepth));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                message = "the header is not a JSON object";
                return false;
            }

            names.EnterObject();
            bool hasAlg = false;
            int seen = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                // alg, kid, typ and cat: duplicates caught by a bit mask; other names by the tracker.
                int known = reader.ValueTextEquals("alg"u8) ? 1 : reader.ValueTextEquals("kid"u8) ? 2
                    : reader.ValueTextEquals("typ"u8) ? 4 : reader.ValueTextEquals("cat"u8) ? 8 : 0;
                if (known == 0 ? !names.TryAdd(ref reader) : (seen & known) != 0)
                {
                    message = "the header has a duplicate member name";
                    return false;
                }

                seen |= known;
                if (known == 1)
                {
                    reader.Read();
                    hasAlg = true;
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        reason = ReasonCodes.TokenInvalidAlgorithm;
                        message = "the header \"alg\" is not a string";
                        return false;
                    }

                    header.Algorithm = reader.ValueTextEquals("RS256"u8) ? JwsAlgorithm.RS256
                        : reader.ValueTextEquals("RS384"u8) ? JwsAlgorithm.RS384
                        : reader.ValueTextEquals("RS512"u8) ? JwsAlgorithm.RS512
                        : reader.ValueTextEquals("ES256"u8) ? JwsAlgorithm.ES256
                        : reader.ValueTextEquals("EdDSA"u8) ? JwsAlgorithm.EdDSA
                        : JwsAlgorithm.None;
                    if (header.Algorithm == JwsAlgorithm.None)
                    {
                        header.UnknownAlgorithm = reader.GetString();
                    }
                }
                else if (known == 2)
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        message = "the header \"kid\" is not a string";
                        return false;
                    }

                    header.HasKid = true;
                    if (reader.ValueIsEscaped || reader.HasValueSequence)
                    {
                        header.KidString = reader.GetString();
                    }
                    else
                    {
                        header.KidUtf8 = reader.ValueSpan;
                    }
                }
                else if (known == 4)
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        message = "the header \"typ\" is not a string";
                        return false;
                    }

                    header.HasType = true;
                    header.Type = allowedTypes?.Find(ref reader);
                    header.TypeAllowed = header.Type is not null;
                    header.Type ??= reader.GetString();
                }
                else if (known == 8)
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        message = "the header \"cat\" is not a string";
                        return false;
                    }

                    header.Category = reader.ValueTextEquals("cl_B7d4PD111AAA"u8) ? TokenCategories.Session
                        : reader.ValueTextEquals("cl_B7d4PD222AAA"u8) ? TokenCategories.Template
                        : reader.ValueTextEquals("cl_B7d4PD333AAA"u8) ? TokenCategories.Machine
                        : reader.ValueTextEquals("cl_I7d4PD111III"u8) ? TokenCategories.Ignore
                        : reader.GetString();
                }
                else if (reader.ValueTextEquals("oiat"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long oiat) || oiat < 0 || oiat > (long)ClaimsReader.MaxNumericDate)
                    {
                        message = "the header \"oiat\" is not a NumericDate";
                        return false;
                    }

                    header.OriginIssuedAt = oiat;
                }
                else if (reader.ValueTextEquals("crit"u8))
                {
                    message = "the header has \"crit\"; no critical header extension is supported";
                    return false;
                }
                else if (reader.ValueTextEquals("b64"u8))
                {
                    message = "the header has \"b64\" (RFC 7797 unencoded payload), which is not supported";
                    return false;
                }
                else
                {
                    header.HasEmbeddedKey |= reader.ValueTextEquals("jwk"u8) || reader.ValueTextEquals("jku"u8)
                        || reader.ValueTextEquals("x5u"u8) || reader.ValueTextEquals("x5c"u8)
                        || reader.ValueTextEquals("x5t"u8) || reader.ValueTextEquals("x5t#S256"u8);
                    reader.Read();
                    if (!StrictJson.SkipValue(ref reader, ref names))
                    {
                        message = "the header has a duplicate member name";
                        return false;
                    }
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                message = "the header is not a single JSON object";
                return false;
            }

            if (!hasAlg)
            {
                reason = ReasonCodes.TokenInvalidAlgorithm;
                message = "the header has no \"alg\"";
                return false;
            }

            message = "";
            return true;
        }
        catch (JsonException)
        {
            message = "the header is not valid JSON, or is nested deeper than allowed";
            return false;
        }
        finally
        {
            names.Dispose();
        }
    }
}
