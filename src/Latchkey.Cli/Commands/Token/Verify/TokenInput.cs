using System.Text;
using Latchkey.Cli.Infrastructure;

namespace Latchkey.Cli.Commands.Token.Verify;

/// <summary>
/// The token text as read from the argument or standard input, with notes about anything odd in
/// the input (invalid UTF-8, non-ASCII, a pasted <c>Bearer </c> prefix). Reading is bounded:
/// at most <see cref="MaxInputBytes"/> are read, and more is refused before any parsing.
/// </summary>
internal sealed class TokenInput
{
    /// <summary>
    /// The most input read: 64 KiB (65,536 bytes, or characters for an argument). A session token
    /// is under 1 KiB and the verifier refuses more than 16 KiB, so this only stops runaway input.
    /// </summary>
    public const int MaxInputBytes = 64 * 1024;

    private TokenInput(string token, string source, IReadOnlyList<string> notes)
    {
        Token = token;
        Source = source;
        Notes = notes;
    }

    /// <summary>The trimmed token text (never empty).</summary>
    public string Token { get; }

    /// <summary>Where it came from: <c>argument</c> or <c>stdin</c>.</summary>
    public string Source { get; }

    /// <summary>Observations about the input that explain a rejection, e.g. "not valid UTF-8".</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>Reads the token, or throws <see cref="CliUsageException"/> when there is none or too much.</summary>
    public static async Task<TokenInput> ReadAsync(string? argument, CliContext context, CancellationToken cancellationToken)
    {
        if (argument is not null && argument != "-")
        {
            if (argument.Length > MaxInputBytes)
            {
                throw new CliUsageException($"the token argument is longer than {MaxInputBytes:N0} characters; a session token is at most 16 KiB");
            }

            return Create(argument, "argument", []);
        }

        if (argument is null && !context.IsInputRedirected)
        {
            throw new CliUsageException("no token: pass it as an argument, or pipe it on standard input (use '-' to read standard input explicitly)");
        }

        byte[] bytes = await ReadBoundedAsync(context, cancellationToken);
        var notes = new List<string>();
        ReadOnlySpan<byte> span = bytes;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            span = span[3..];
        }

        if (!System.Text.Unicode.Utf8.IsValid(span))
        {
            notes.Add($"the input is not valid UTF-8 (first bad byte at offset {FirstInvalidUtf8(span)}); a token is ASCII text");
        }

        // Lossy decoding: invalid bytes become U+FFFD, which the verifier then rejects as a
        // character outside base64url. The verdict always comes from the verifier.
        string text = Encoding.UTF8.GetString(span);
        return Create(text, "stdin", notes);
    }

    private static TokenInput Create(string raw, string source, List<string> notes)
    {
        string token = raw.Trim();
        if (token.Length == 0)
        {
            throw new CliUsageException(source == "stdin" ? "the token on standard input is empty" : "the token argument is empty");
        }

        int nonAscii = token.AsSpan().IndexOfAnyExceptInRange(' ', '~');
        if (nonAscii >= 0)
        {
            notes.Add($"the token holds a character outside printable ASCII at offset {nonAscii}; a token is only base64url characters and dots");
        }

        if (token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            notes.Add("the input starts with \"Bearer \": pass only the token, without the Authorization scheme");
        }

        return new TokenInput(token, source, notes);
    }

    private static async Task<byte[]> ReadBoundedAsync(CliContext context, CancellationToken cancellationToken)
    {
        Stream input;
        try
        {
            input = context.OpenInput();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new CliUsageException("standard input could not be opened: " + e.Message, e);
        }

        await using (input)
        {
            byte[] buffer = new byte[MaxInputBytes + 1];
            int total = 0;
            try
            {
                while (total < buffer.Length)
                {
                    int read = await input.ReadAsync(buffer.AsMemory(total), cancellationToken);
                    if (read == 0)
                    {
                        break;
                    }

                    total += read;
                }
            }
            catch (IOException e)
            {
                throw new CliUsageException("standard input could not be read: " + e.Message, e);
            }

            if (total > MaxInputBytes)
            {
                throw new CliUsageException($"the input on standard input is larger than {MaxInputBytes:N0} bytes; a session token is at most 16 KiB, so the rest was not read");
            }

            return buffer.AsSpan(0, total).ToArray();
        }
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        System.Buffers.OperationStatus status = System.Text.Unicode.Utf8.ToUtf16(bytes, new char[bytes.Length], out int read, out _, replaceInvalidSequences: false);
        return status == System.Buffers.OperationStatus.Done ? -1 : read;
    }
}
