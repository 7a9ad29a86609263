namespace Latchkey.Cli.Infrastructure;

/// <summary>
/// Opens what a command reads (a file argument, or standard input for <c>-</c> or no argument
/// while something is piped) and reads it whole with an upper bound, so no input, however large,
/// is buffered beyond it. Problems are <see cref="CliUsageException"/>s that name the source.
/// </summary>
internal static class BoundedInput
{
    /// <summary>Opens the input: the file <paramref name="path"/>, or standard input for <c>-</c> or null.</summary>
    /// <param name="path">The argument as given.</param>
    /// <param name="context">The streams.</param>
    /// <param name="what">What is read, for messages (e.g. <c>the request</c>).</param>
    public static Stream Open(string? path, CliContext context, string what)
    {
        if (path is not null && path != "-")
        {
            try
            {
                return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, useAsync: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw new CliUsageException($"{path}: cannot read the file: {Why(e)}", e);
            }
        }

        if (path is null && !context.IsInputRedirected)
        {
            throw new CliUsageException($"no input: pass {what} as a file, or pipe it on standard input (use '-' to read standard input explicitly)");
        }

        try
        {
            return context.OpenInput();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new CliUsageException("standard input could not be opened: " + e.Message, e);
        }
    }

    /// <summary>Reads the whole input, refusing more than <paramref name="maxBytes"/> without reading further.</summary>
    public static async Task<byte[]> ReadAllAsync(string? path, CliContext context, string what, int maxBytes, CancellationToken cancellationToken)
    {
        string source = path is null or "-" ? "standard input" : path;
        await using Stream stream = Open(path, context, what);
        return await ReadAsync(stream, $"{what} on {source}", source, maxBytes, cancellationToken);
    }

    /// <summary>Reads the file named by an option (never standard input), bounded like <see cref="ReadAllAsync"/>.</summary>
    public static async Task<byte[]> ReadFileAsync(string path, string option, int maxBytes, CancellationToken cancellationToken)
    {
        Stream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, useAsync: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliUsageException($"{option} {path}: cannot read the file: {Why(e)}", e);
        }

        await using (stream)
        {
            return await ReadAsync(stream, $"{option} {path}: the file", $"{option} {path}", maxBytes, cancellationToken);
        }
    }

    private static async Task<byte[]> ReadAsync(Stream stream, string what, string source, int maxBytes, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[Math.Min(maxBytes + 1, 64 * 1024)];
        using var collected = new MemoryStream();
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (collected.Length + read > maxBytes)
                {
                    throw new CliUsageException($"{what} is larger than {maxBytes:N0} bytes; the rest was not read");
                }

                collected.Write(buffer, 0, read);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"{source} could not be read: {Why(e)}", e);
        }

        return collected.ToArray();
    }

    internal static string Why(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "no such file",
        UnauthorizedAccessException => "permission denied (or it is a directory)",
        _ => e.Message,
    };
}
