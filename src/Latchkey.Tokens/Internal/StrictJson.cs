using System.Text.Json;

namespace Latchkey.Tokens.Internal;

/// <summary>Helpers for walking untrusted JSON with <see cref="Utf8JsonReader"/> and a <see cref="JsonNameTracker"/>.</summary>
internal static class StrictJson
{
    public static JsonReaderOptions ReaderOptions(int maxDepth) => new()
    {
        MaxDepth = maxDepth,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
    };

    /// <summary>
    /// Skips the value that starts at the reader's current token (after a property name was
    /// read and the reader advanced onto the value), checking every nested object for
    /// duplicate names. False on a duplicate.
    /// </summary>
    public static bool SkipValue(ref Utf8JsonReader reader, ref JsonNameTracker names)
    {
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return true;
        }

        int depth = reader.CurrentDepth;
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            names.EnterObject();
        }

        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    names.EnterObject();
                    break;
                case JsonTokenType.EndObject:
                    names.ExitObject();
                    break;
                case JsonTokenType.PropertyName:
                    if (!names.TryAdd(ref reader))
                    {
                        return false;
                    }

                    break;
            }

            if (reader.CurrentDepth == depth && reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Validates a whole document: syntax, depth and duplicate names. Used for documents that
    /// are parsed with <see cref="JsonDocument"/> afterwards (JWK Sets, custom claims).
    /// </summary>
    public static bool IsStrictDocument(ReadOnlySpan<byte> json, int maxDepth)
    {
        var names = new JsonNameTracker(json.Length, maxDepth);
        try
        {
            var reader = new Utf8JsonReader(json, ReaderOptions(maxDepth));
            if (!reader.Read())
            {
                return false;
            }

            if (reader.TokenType == JsonTokenType.StartObject || reader.TokenType == JsonTokenType.StartArray)
            {
                if (!SkipValue(ref reader, ref names))
                {
                    return false;
                }
            }

            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
        finally
        {
            names.Dispose();
        }
    }
}
