using System.Text;
using System.Text.Json;
using Latchkey.Server.FrontendApi.Errors;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Latchkey.Server.FrontendApi.Http;

/// <summary>
/// The fields of a Frontend API request body, read from <c>application/x-www-form-urlencoded</c>
/// (what clerk-js sends) or a JSON object of scalar values. Bounded: body size, field count,
/// value length; anything else is a clear 4xx error.
/// </summary>
internal sealed class RequestFields
{
    public const int MaxFields = 64;
    public const int MaxValueLength = 8192;

    /// <summary>Form bodies up to this many bytes (with a <c>Content-Length</c>) are read whole before parsing.</summary>
    private const int SmallFormBytes = 4096;
    private readonly Dictionary<string, string?> _values;

    private RequestFields(Dictionary<string, string?> values) => _values = values;

    public static RequestFields Empty { get; } = new(new Dictionary<string, string?>(StringComparer.Ordinal));

    /// <summary>Fields from values already parsed elsewhere (e.g. a hosted page's form).</summary>
    public static RequestFields FromValues(IEnumerable<KeyValuePair<string, string?>> values)
    {
        var dictionary = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            dictionary[key] = value;
        }

        return new RequestFields(dictionary);
    }

    public string? this[string name] => _values.GetValueOrDefault(name);

    public bool Contains(string name) => _values.ContainsKey(name);

    public IEnumerable<string> Names => _values.Keys;

    /// <summary>Reads the body once; <paramref name="maxBytes"/> bounds it (larger bodies get 413).</summary>
    public static async Task<Outcome<RequestFields>> ReadAsync(HttpContext context, int maxBytes)
    {
        var request = context.Request;
        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = maxBytes;
        }

        if (request.ContentLength > maxBytes)
        {
            return ApiErrors.BodyTooLarge(context, maxBytes);
        }

        if (request.ContentLength == 0 || (request.ContentLength is null && !request.Headers.TransferEncoding.Any()))
        {
            return Empty;
        }

        var mediaType = request.ContentType?.Split(';', 2)[0].Trim().ToLowerInvariant();
        try
        {
            return mediaType switch
            {
                "application/x-www-form-urlencoded" => await ReadFormAsync(request, context.RequestAborted),
                "application/json" => await ReadJsonAsync(request, context.RequestAborted),
                null or "" => await IsEmptyAsync(request, context.RequestAborted) ? Empty
                    : new ApiError(415, ErrorCodes.UnsupportedMediaType, "Unsupported media type", "Send the body as application/x-www-form-urlencoded or application/json."),
                _ => new ApiError(415, ErrorCodes.UnsupportedMediaType, "Unsupported media type", "Send the body as application/x-www-form-urlencoded or application/json."),
            };
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ApiErrors.BodyTooLarge(context, maxBytes);
        }
        catch (InvalidDataException e)
        {
            return ApiErrors.BodyInvalid("The form body is malformed or exceeds a limit: " + e.Message);
        }
    }

    private static async Task<bool> IsEmptyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var buffer = new byte[1];
        return await request.Body.ReadAsync(buffer, cancellationToken) == 0;
    }

    private static async Task<Outcome<RequestFields>> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is > 0 and <= SmallFormBytes)
        {
            return FromForm(await ReadSmallFormAsync(request, (int)request.ContentLength.Value, cancellationToken));
        }

        using var reader = new FormReader(request.Body)
        {
            ValueCountLimit = MaxFields,
            KeyLengthLimit = 128,
            ValueLengthLimit = MaxValueLength,
        };
        return FromForm(await reader.ReadFormAsync(cancellationToken));
    }

    /// <summary>
    /// A body of known, small length (every clerk-js request, the token refresh first of all):
    /// read whole from the request's pipe, then parsed in memory with the same reader and limits,
    /// without the streaming reader's asynchronous steps.
    /// </summary>
    private static async Task<Dictionary<string, StringValues>> ReadSmallFormAsync(HttpRequest request, int length, CancellationToken cancellationToken)
    {
        var body = request.BodyReader;
        var read = await body.ReadAtLeastAsync(length, cancellationToken);
        var buffer = read.Buffer;
        var text = Encoding.UTF8.GetString(buffer.Length > length ? buffer.Slice(0, length) : buffer);
        body.AdvanceTo(buffer.End);
        using var reader = new FormReader(text)
        {
            ValueCountLimit = MaxFields,
            KeyLengthLimit = 128,
            ValueLengthLimit = MaxValueLength,
        };
        return reader.ReadForm();
    }

    private static Outcome<RequestFields> FromForm(Dictionary<string, StringValues> form)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in form)
        {
            if (value.Count > 1)
            {
                return ApiErrors.Invalid(key, $"{key} was sent {value.Count} times; send it once.");
            }

            values[key] = value.ToString();
        }

        return new RequestFields(values);
    }

    private static async Task<Outcome<RequestFields>> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 4 }, cancellationToken);
        }
        catch (JsonException)
        {
            return ApiErrors.BodyInvalid("The body is not valid JSON.");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return ApiErrors.BodyInvalid("The JSON body must be an object of fields.");
            }

            var values = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (values.Count == MaxFields)
                {
                    return ApiErrors.BodyInvalid($"The body may have at most {MaxFields} fields.");
                }

                if (values.ContainsKey(property.Name))
                {
                    return ApiErrors.Invalid(property.Name, $"{property.Name} appears twice in the body.");
                }

                string? value = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Number => property.Value.GetRawText(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind.Null => null,
                    _ => property.Value.GetRawText(),
                };
                if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array && !MetadataFields.Contains(property.Name))
                {
                    return ApiErrors.Invalid(property.Name, $"{property.Name} must be a string, number or boolean.");
                }

                if (value is { Length: > MaxValueLength })
                {
                    return ApiErrors.TooLong(property.Name, MaxValueLength);
                }

                values[property.Name] = value;
            }

            return new RequestFields(values);
        }
    }

    /// <summary>Fields whose value is itself JSON (clerk-js sends them JSON-stringified in forms).</summary>
    private static readonly HashSet<string> MetadataFields = new(StringComparer.Ordinal) { "unsafe_metadata" };
}
