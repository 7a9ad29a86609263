using System.Buffers;
using System.Buffers.Text;

namespace Latchkey.Tokens;

/// <summary>
/// The one place that turns header and payload JSON into a signed JWS compact string
/// (RFC 7515 §7.1): <c>base64url(header) "." base64url(payload) "." base64url(signature)</c>.
/// Shared by <see cref="SessionTokenMinter"/> and <see cref="JwsSigner"/>.
/// </summary>
internal static class JwsCompact
{
    public static string Encode(ReadOnlySpan<byte> header, ReadOnlySpan<byte> payload, SigningKey key)
    {
        int headerChars = Base64Url.GetEncodedLength(header.Length);
        int payloadChars = Base64Url.GetEncodedLength(payload.Length);
        int signatureChars = Base64Url.GetEncodedLength(key.SignatureLength);
        int inputLength = headerChars + 1 + payloadChars;
        int total = inputLength + 1 + signatureChars;

        byte[] text = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            Span<byte> output = text.AsSpan(0, total);
            Base64Url.EncodeToUtf8(header, output);
            output[headerChars] = (byte)'.';
            Base64Url.EncodeToUtf8(payload, output[(headerChars + 1)..]);
            Span<byte> signature = stackalloc byte[key.SignatureLength];
            int written = key.Sign(output[..inputLength], signature);
            output[inputLength] = (byte)'.';
            Base64Url.EncodeToUtf8(signature[..written], output[(inputLength + 1)..]);
            return System.Text.Encoding.ASCII.GetString(output[..(inputLength + 1 + Base64Url.GetEncodedLength(written))]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(text);
        }
    }
}
