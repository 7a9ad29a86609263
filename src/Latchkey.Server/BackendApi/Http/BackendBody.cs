using System.Text.Json;
using Latchkey.Server.FrontendApi.Errors;
using Microsoft.AspNetCore.Http.Features;

namespace Latchkey.Server.BackendApi.Http;

/// <summary>
/// A Backend API request body: one JSON object (what the backend SDKs send), bounded in size
/// (<c>MaxRequestBodyBytes</c>) and depth, with no duplicate and no unknown top-level field. An
/// empty body is an empty object. Typed accessors answer 422 with the field's name when a value
/// has the wrong type.
/// </summary>
internal sealed class BackendBody
{
    private const int MaxDepth = 16;
    private readonly Dictionary<string, JsonElement> _fields;

    private BackendBody(Dictionary<string, JsonElement> fields) => _fields = fields;

    public bool Has(string name) => _fields.ContainsKey(name);

    public static async Task<Outcome<BackendBody>> ReadAsync(HttpContext http, int maxBytes, IReadOnlySet<string> allowed)
    {
        var request = http.Request;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = maxBytes;
        }

        if (request.ContentLength > maxBytes)
        {
            return ApiErrors.BodyTooLarge(http, maxBytes);
        }

        byte[] bytes;
        try
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, http.RequestAborted);
            bytes = buffer.ToArray();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ApiErrors.BodyTooLarge(http, maxBytes);
        }

        if (bytes.Length > maxBytes)
        {
            return ApiErrors.BodyTooLarge(http, maxBytes);
        }

        if (bytes.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return new BackendBody(new Dictionary<string, JsonElement>(StringComparer.Ordinal));
        }

        var mediaType = request.ContentType?.Split(';', 2)[0].Trim();
        if (!string.Equals(mediaType, BackendNames.JsonContentType, StringComparison.OrdinalIgnoreCase))
        {
            return new ApiError(415, ErrorCodes.UnsupportedMediaType, "Unsupported media type", "Send the body as application/json.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException)
        {
            return ApiErrors.BodyInvalid($"The body is not valid JSON (or nests deeper than {MaxDepth} levels).");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return ApiErrors.BodyInvalid("The JSON body must be an object.");
            }

            var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!allowed.Contains(property.Name))
                {
                    return new ApiError(422, ErrorCodes.FormParamUnknown, $"{Truncate(property.Name)} is not a known parameter",
                        $"This endpoint accepts: {string.Join(", ", allowed.Order(StringComparer.Ordinal))}.", Truncate(property.Name));
                }

                if (!fields.TryAdd(property.Name, property.Value.Clone()))
                {
                    return ApiErrors.Invalid(property.Name, $"{property.Name} appears twice in the body.");
                }
            }

            return new BackendBody(fields);
        }
    }

    /// <summary>A string field (JSON null counts as absent); longer than <paramref name="maxLength"/> is 422.</summary>
    public Outcome<string?> String(string name, int maxLength)
    {
        if (!_fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return (string?)null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return ApiErrors.Invalid(name, $"{name} must be a string.");
        }

        var text = value.GetString()!;
        return text.Length > maxLength ? ApiErrors.TooLong(name, maxLength) : text;
    }

    /// <summary>A boolean field; absent or null is <paramref name="fallback"/>.</summary>
    public Outcome<bool> Bool(string name, bool fallback = false)
    {
        if (!_fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return fallback;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => ApiErrors.Invalid(name, $"{name} must be true or false."),
        };
    }

    /// <summary>An integer field; absent or null is null.</summary>
    public Outcome<long?> Integer(string name)
    {
        if (!_fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return (long?)null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : ApiErrors.Invalid(name, $"{name} must be an integer.");
    }

    /// <summary>A list of strings (a single string counts as a list of one); absent or null is null.</summary>
    public Outcome<List<string>?> StringList(string name, int maxCount, int maxLength)
    {
        if (!_fields.TryGetValue(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return (List<string>?)null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            var single = value.GetString()!;
            return single.Length > maxLength ? ApiErrors.TooLong(name, maxLength) : new List<string> { single };
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > maxCount)
        {
            return ApiErrors.Invalid(name, $"{name} must be a list of at most {maxCount} strings.");
        }

        var list = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return ApiErrors.Invalid(name, $"{name} must be a list of strings.");
            }

            var text = item.GetString()!;
            if (text.Length > maxLength)
            {
                return ApiErrors.TooLong(name, maxLength);
            }

            list.Add(text);
        }

        return list;
    }

    /// <summary>The raw value of a field, when present (metadata objects, JSON null included).</summary>
    public bool TryGetRaw(string name, out JsonElement value) => _fields.TryGetValue(name, out value);

    private static string Truncate(string name) => name.Length > 64 ? name[..64] : name;
}
