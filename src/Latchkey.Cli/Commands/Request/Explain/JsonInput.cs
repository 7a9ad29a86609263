using System.Text.Json;

namespace Latchkey.Cli.Commands.Request.Explain;

/// <summary>
/// Parses untrusted JSON (a request, options, a batch line) strictly and completely up front:
/// UTF-8 checked first (with the offset of the first bad byte), a byte order mark allowed, at most
/// <see cref="MaxDepth"/> levels, no repeated member names, and every name and string decoded once
/// so that an escaped lone surrogate is found here rather than later. Problems are values.
/// </summary>
internal static class JsonInput
{
    /// <summary>The deepest nesting accepted: 16 levels (a request needs 3, options 3).</summary>
    public const int MaxDepth = 16;

    public static bool TryParse(ReadOnlySpan<byte> bytes, string what, out JsonElement element, out InputProblem? problem)
    {
        element = default;
        problem = null;
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        if (System.Text.Unicode.Utf8.IsValid(bytes) is false)
        {
            problem = new InputProblem(InputProblem.InvalidJson, $"{what} is not valid UTF-8 (first bad byte at offset {FirstInvalid(bytes)})");
            return false;
        }

        if (bytes.Trim(" \t\r\n"u8).IsEmpty)
        {
            problem = new InputProblem(InputProblem.InvalidJson, $"{what} is empty");
            return false;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(bytes.ToArray(), new JsonDocumentOptions
            {
                MaxDepth = MaxDepth,
                AllowDuplicateProperties = false,
            });
            Latchkey.Cli.Diagnostics.TokenInspection.DecodedSegment.ReadAllStrings(document.RootElement);
            element = document.RootElement.Clone();
            return true;
        }
        catch (JsonException e)
        {
            problem = new InputProblem(InputProblem.InvalidJson, $"{what} is not valid JSON: {FirstSentence(e.Message)}");
        }
        catch (InvalidOperationException)
        {
            problem = new InputProblem(InputProblem.InvalidJson, $"{what} holds a name or string that is not valid Unicode (a lone surrogate escape such as \\ud800)");
        }

        return false;
    }

    /// <summary>A short description of a value's kind for messages: "an object", "a string", ...</summary>
    public static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static int FirstInvalid(ReadOnlySpan<byte> bytes)
    {
        System.Buffers.OperationStatus status = System.Text.Unicode.Utf8.ToUtf16(bytes, new char[bytes.Length], out int read, out _, replaceInvalidSequences: false);
        return status == System.Buffers.OperationStatus.Done ? -1 : read;
    }

    /// <summary>The parser's message up to its first sentence (it goes on about line numbers and paths).</summary>
    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message.TrimEnd('.') : message[..end];
    }
}
