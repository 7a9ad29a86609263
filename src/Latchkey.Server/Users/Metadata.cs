using System.Text.Json;
using System.Text.Json.Nodes;
using Latchkey.Server.FrontendApi.Errors;
using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;

namespace Latchkey.Server.Users;

/// <summary>
/// The three metadata objects of a user (public, private, unsafe), stored as JSON text of at most
/// <see cref="StorageLimits.Metadata"/> characters each. Replacement takes an object (or JSON null,
/// as Clerk's replace allows); merging is deep, and a null value removes its key at any level.
/// </summary>
internal static class Metadata
{
    public const string Public = "public_metadata";
    public const string Private = "private_metadata";
    public const string Unsafe = "unsafe_metadata";

    public static IReadOnlyList<string> Names { get; } = [Public, Private, Unsafe];

    /// <summary>The stored text for a replacement value: an object, or null when <paramref name="allowNull"/>.</summary>
    public static Outcome<string> ForReplace(string name, JsonElement value, bool allowNull)
    {
        if (value.ValueKind == JsonValueKind.Null && allowNull)
        {
            return "null";
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return ApiErrors.Invalid(name, $"{name} must be a JSON object.");
        }

        return Bounded(name, value.GetRawText());
    }

    /// <summary>Deep-merges <paramref name="patch"/> into the stored object: objects merge key by key, null removes, anything else replaces.</summary>
    public static Outcome<string> Merge(string name, string stored, JsonElement patch)
    {
        if (patch.ValueKind == JsonValueKind.Null)
        {
            return stored;
        }

        if (patch.ValueKind != JsonValueKind.Object)
        {
            return ApiErrors.Invalid(name, $"{name} must be a JSON object.");
        }

        var target = JsonNode.Parse(stored) as JsonObject ?? [];
        MergeInto(target, patch);
        return Bounded(name, target.ToJsonString());
    }

    /// <summary>The stored text of one metadata object of a user.</summary>
    public static string Get(UserEntity user, string name) => name switch
    {
        Public => user.PublicMetadata,
        Private => user.PrivateMetadata,
        Unsafe => user.UnsafeMetadata,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a metadata name."),
    };

    public static void Set(UserEntity user, string name, string value)
    {
        switch (name)
        {
            case Public:
                user.PublicMetadata = value;
                break;
            case Private:
                user.PrivateMetadata = value;
                break;
            case Unsafe:
                user.UnsafeMetadata = value;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "Not a metadata name.");
        }
    }

    /// <summary>The stored text as a JSON value for answers.</summary>
    public static JsonElement Parse(string stored)
    {
        using var document = JsonDocument.Parse(stored);
        return document.RootElement.Clone();
    }

    private static void MergeInto(JsonObject target, JsonElement patch)
    {
        foreach (var property in patch.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                target.Remove(property.Name);
            }
            else if (property.Value.ValueKind == JsonValueKind.Object)
            {
                // Merge into the existing object, or into a fresh one (so nulls inside a new object remove nothing and are dropped).
                if (target[property.Name] is not JsonObject nested)
                {
                    nested = [];
                    target[property.Name] = nested;
                }

                MergeInto(nested, property.Value);
            }
            else
            {
                target[property.Name] = JsonNode.Parse(property.Value.GetRawText());
            }
        }
    }

    private static Outcome<string> Bounded(string name, string json) =>
        json.Length > StorageLimits.Metadata
            ? new ApiError(422, ErrorCodes.FormParamExceedsAllowedSize, $"{name} is too large", $"{name} may have at most {StorageLimits.Metadata} characters of JSON.", name)
            : json;
}
