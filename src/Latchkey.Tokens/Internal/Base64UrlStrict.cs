using System.Buffers;
using System.Buffers.Text;

namespace Latchkey.Tokens.Internal;

/// <summary>
/// Canonical base64url (RFC 7515 §2, RFC 4648 §5 without padding): only the 64 URL-safe
/// characters, no padding, no whitespace, and the unused low bits of the last character zero,
/// so that one byte string has exactly one encoding.
/// </summary>
internal static class Base64UrlStrict
{
    private static readonly SearchValues<char> Alphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private static readonly SearchValues<byte> AlphabetBytes =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"u8);

    /// <summary>The decoded length of a canonical encoding of <paramref name="encodedLength"/> characters, or -1 when no canonical encoding has that length.</summary>
    public static int DecodedLength(int encodedLength)
    {
        int rem = encodedLength & 3;
        if (rem == 1)
        {
            return -1;
        }

        return (encodedLength >> 2) * 3 + (rem == 0 ? 0 : rem - 1);
    }

    /// <summary>True when <paramref name="encoded"/> is canonical base64url.</summary>
    public static bool IsCanonical(ReadOnlySpan<char> encoded)
    {
        if (DecodedLength(encoded.Length) < 0 || encoded.IndexOfAnyExcept(Alphabet) >= 0)
        {
            return false;
        }

        return TrailingBitsAreZero(encoded.Length, encoded.IsEmpty ? '\0' : encoded[^1]);
    }

    /// <summary>True when <paramref name="encoded"/> (UTF-8 bytes) is canonical base64url.</summary>
    public static bool IsCanonical(ReadOnlySpan<byte> encoded)
    {
        if (DecodedLength(encoded.Length) < 0 || encoded.IndexOfAnyExcept(AlphabetBytes) >= 0)
        {
            return false;
        }

        return TrailingBitsAreZero(encoded.Length, encoded.IsEmpty ? '\0' : (char)encoded[^1]);
    }

    private static bool TrailingBitsAreZero(int length, char last)
    {
        int rem = length & 3;
        if (rem == 0)
        {
            return true;
        }

        int value = SextetValue(last);
        // 2 chars carry 1 byte (4 spare bits); 3 chars carry 2 bytes (2 spare bits).
        int mask = rem == 2 ? 0x0F : 0x03;
        return (value & mask) == 0;
    }

    private static int SextetValue(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '-' => 62,
        '_' => 63,
        _ => -1,
    };

    /// <summary>Decodes canonical base64url into <paramref name="destination"/>; false when not canonical or too small.</summary>
    public static bool TryDecode(ReadOnlySpan<char> encoded, Span<byte> destination, out int written)
    {
        written = 0;
        int length = DecodedLength(encoded.Length);
        if (length < 0 || destination.Length < length || !IsCanonical(encoded))
        {
            return false;
        }

        return Base64Url.TryDecodeFromChars(encoded, destination, out written) && written == length;
    }

    /// <summary>Decodes UTF-8 base64url already checked with <see cref="IsCanonical(ReadOnlySpan{byte})"/> into a destination of exactly the decoded length.</summary>
    public static void DecodeCanonical(ReadOnlySpan<byte> encoded, Span<byte> destination)
    {
        if (Base64Url.DecodeFromUtf8(encoded, destination, out _, out int written) != OperationStatus.Done || written != destination.Length)
        {
            throw new InvalidOperationException("A segment checked as canonical base64url did not decode.");
        }
    }

    /// <summary>Decodes canonical base64url into a new array; null when not canonical.</summary>
    public static byte[]? DecodeToArray(ReadOnlySpan<char> encoded)
    {
        int length = DecodedLength(encoded.Length);
        if (length < 0)
        {
            return null;
        }

        var bytes = new byte[length];
        return TryDecode(encoded, bytes, out _) ? bytes : null;
    }

    /// <summary>Encodes bytes as unpadded base64url.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes) => Base64Url.EncodeToString(bytes);
}
