using System.Net;
using System.Text;
using Latchkey.Cli.Infrastructure;
using Latchkey.Tokens;

namespace Latchkey.Cli.Commands.Token.Verify;

/// <summary>
/// Loads the keys named by <c>--jwks</c> (a file, or an http(s) URL fetched once with a
/// time-out and a size limit) or <c>--pem</c> (an SPKI public key file). Every problem is a
/// <see cref="CliUsageException"/> that names the file or URL and says what is wrong: the
/// tool never judges a token against keys it could not read.
/// </summary>
internal static class KeyLoader
{
    /// <summary>The largest PEM file read: 64 KiB.</summary>
    public const int MaxPemBytes = 64 * 1024;

    /// <summary>The largest JWKS read, from a file or a URL: <see cref="JsonWebKeySet.MaxBytes"/> (256 KiB).</summary>
    public const int MaxJwksBytes = JsonWebKeySet.MaxBytes;

    public static async Task<LoadedKeys> LoadAsync(TokenVerifyRequest request, CliContext context, CancellationToken cancellationToken)
    {
        if (request.Pem is { } pem)
        {
            return await LoadPemAsync(pem, cancellationToken);
        }

        string jwks = request.Jwks ?? throw new CliUsageException("pass --jwks <file or URL> or --pem <file>");
        byte[] bytes = IsHttpUrl(jwks, out Uri? uri)
            ? await FetchAsync(uri, context, cancellationToken)
            : await ReadFileAsync(jwks, MaxJwksBytes, "--jwks", cancellationToken);
        return ParseJwks(bytes, jwks);
    }

    internal static bool IsHttpUrl(string value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Uri? uri)
    {
        uri = null;
        if (!value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
        {
            throw new CliUsageException($"--jwks: \"{value}\" is not a valid http(s) URL");
        }

        return true;
    }

    private static async Task<LoadedKeys> LoadPemAsync(string path, CancellationToken cancellationToken)
    {
        byte[] bytes = await ReadFileAsync(path, MaxPemBytes, "--pem", cancellationToken);
        string text = Encoding.UTF8.GetString(bytes);
        if (text.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw new CliUsageException($"--pem {path}: this is a private key; pass the public key (SPKI, \"BEGIN PUBLIC KEY\"), e.g. from 'openssl pkey -in {path} -pubout'");
        }

        if (text.Contains("BEGIN RSA PUBLIC KEY", StringComparison.Ordinal))
        {
            throw new CliUsageException($"--pem {path}: this is a PKCS#1 \"RSA PUBLIC KEY\"; pass an SPKI \"PUBLIC KEY\" (convert with 'openssl rsa -RSAPublicKey_in -in {path} -pubout')");
        }

        if (text.TrimStart().StartsWith('{'))
        {
            throw new CliUsageException($"--pem {path}: this looks like JSON; pass a JWK Set with --jwks instead");
        }

        try
        {
            return new LoadedKeys(VerificationKeySet.FromSpkiPem(text), "pem", path, []);
        }
        catch (FormatException e)
        {
            throw new CliUsageException($"--pem {path}: not a usable SPKI public key (\"BEGIN PUBLIC KEY\"): {e.Message}", e);
        }
    }

    private static LoadedKeys ParseJwks(byte[] bytes, string location)
    {
        ReadOnlySpan<byte> span = bytes;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            span = span[3..];
        }

        if (span.TrimStart(" \t\r\n"u8).StartsWith("-----BEGIN"u8))
        {
            throw new CliUsageException($"--jwks {location}: this is a PEM document; pass it with --pem instead");
        }

        // TryParse refuses every malformed set, ill-formed Unicode included (lone surrogate escapes).
        if (!JsonWebKeySet.TryParse(span, out JsonWebKeySet? jwks, out string? error))
        {
            throw new CliUsageException($"--jwks {location}: not a valid JWK Set: {error}");
        }

        VerificationKeySet set = VerificationKeySet.FromJwks(jwks);

        if (set.Keys.Count == 0)
        {
            string why = set.RejectedKeys.Count == 0
                ? "its \"keys\" array is empty"
                : "every key was left out: " + string.Join("; ", set.RejectedKeys.Select(r => $"kid \"{r.Kid ?? "(none)"}\": {r.Reason}"));
            throw new CliUsageException($"--jwks {location}: the JWK Set has no key that can verify a token ({why})");
        }

        return new LoadedKeys(set, "jwks", location, set.RejectedKeys);
    }

    private static async Task<byte[]> ReadFileAsync(string path, int maxBytes, string option, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, useAsync: true);
            return await ReadBoundedAsync(stream, maxBytes, $"{option} {path}", cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            string why = e switch
            {
                FileNotFoundException or DirectoryNotFoundException => "no such file",
                UnauthorizedAccessException => "permission denied (or it is a directory)",
                _ => e.Message,
            };
            throw new CliUsageException($"{option} {path}: cannot read the file: {why}", e);
        }
    }

    private static async Task<byte[]> FetchAsync(Uri uri, CliContext context, CancellationToken cancellationToken)
    {
        if (uri.Scheme == "http" && !uri.IsLoopback)
        {
            await context.Error.WriteLineAsync($"{CliApplication.ToolName}: warning: fetching the JWKS over plain http from {uri.Host}; anyone on the path can replace the keys");
        }

        using HttpClient client = context.CreateHttpClient();
        using var message = new HttpRequestMessage(HttpMethod.Get, uri);
        message.Headers.Accept.ParseAdd("application/json");

        // One deadline for the whole exchange, body included (HttpClient.Timeout stops at the headers).
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(context.HttpTimeout);
        try
        {
            using HttpResponseMessage response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new CliUsageException($"--jwks {uri}: the server answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            if (response.Content.Headers.ContentLength > MaxJwksBytes)
            {
                throw new CliUsageException($"--jwks {uri}: the response is larger than {MaxJwksBytes:N0} bytes");
            }

            await using Stream body = await response.Content.ReadAsStreamAsync(deadline.Token);
            return await ReadBoundedAsync(body, MaxJwksBytes, $"--jwks {uri}", deadline.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliUsageException($"--jwks {uri}: no answer within {context.HttpTimeout.TotalSeconds:0.###} s", e);
        }
        catch (HttpRequestException e)
        {
            string why = e.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => "the host name does not resolve",
                HttpRequestError.ConnectionError => "cannot connect (" + (e.InnerException?.Message ?? e.Message) + ")",
                HttpRequestError.SecureConnectionError => "the TLS handshake failed (" + (e.InnerException?.Message ?? e.Message) + ")",
                _ => e.Message,
            };
            throw new CliUsageException($"--jwks {uri}: the JWKS could not be fetched: {why}", e);
        }
        catch (IOException e)
        {
            throw new CliUsageException($"--jwks {uri}: the connection broke while reading the JWKS: {e.Message}", e);
        }
    }

    private static async Task<byte[]> ReadBoundedAsync(Stream stream, int maxBytes, string what, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[maxBytes + 1];
        int total = 0;
        while (total < buffer.Length)
        {
            int read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        if (total > maxBytes)
        {
            throw new CliUsageException($"{what}: larger than {maxBytes:N0} bytes; not read further");
        }

        return buffer.AsSpan(0, total).ToArray();
    }
}
