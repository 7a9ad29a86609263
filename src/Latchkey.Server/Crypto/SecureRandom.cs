using System.Security.Cryptography;

namespace Latchkey.Server.Crypto;

/// <summary>Random identifiers and opaque bearer values from the platform's CSPRNG.</summary>
internal static class SecureRandom
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>An id such as <c>user_2b3C...</c>: the prefix, an underscore and 27 base62 characters (160 bits).</summary>
    public static string Id(string prefix) => prefix + "_" + RandomNumberGenerator.GetString(Base62, 27);

    /// <summary>An opaque bearer value: 32 random bytes, base64url without padding (43 characters).</summary>
    public static string Token() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>SHA-256 of a bearer value; only this is stored.</summary>
    public static byte[] Hash(string token) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));

    public static string Base64Url(ReadOnlySpan<byte> bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
