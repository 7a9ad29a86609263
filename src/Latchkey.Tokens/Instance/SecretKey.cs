using System.Security.Cryptography;
using System.Text;

namespace Latchkey.Tokens;

/// <summary>
/// Secret keys (protocol §1.3): <c>sk_test_</c> or <c>sk_live_</c> followed by random
/// alphanumerics. Latchkey generates 48 characters (≈ 285 bits from the OS CSPRNG) and accepts
/// bodies of at least 32 alphanumerics; the legacy <c>test_</c>/<c>live_</c> prefixes are not generated.
/// </summary>
public static class SecretKey
{
    /// <summary>Characters of a generated secret key body.</summary>
    public const int GeneratedBodyLength = 48;

    /// <summary>Shortest body <see cref="IsWellFormed"/> accepts.</summary>
    public const int MinBodyLength = 32;

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>Generates a new secret key for an instance type.</summary>
    public static string Generate(InstanceType instanceType) =>
        Prefix(instanceType) + RandomNumberGenerator.GetString(Alphabet, GeneratedBodyLength);

    /// <summary>The prefix for an instance type: <c>sk_test_</c> or <c>sk_live_</c>.</summary>
    public static string Prefix(InstanceType instanceType) => instanceType == InstanceType.Production ? "sk_live_" : "sk_test_";

    /// <summary>True when <paramref name="value"/> is <c>sk_test_</c>/<c>sk_live_</c> followed by 32 to 256 ASCII letters and digits.</summary>
    public static bool IsWellFormed(string? value) => TryGetInstanceType(value, out _);

    /// <summary>The instance type of a well-formed secret key.</summary>
    public static bool TryGetInstanceType(string? value, out InstanceType instanceType)
    {
        instanceType = InstanceType.Development;
        if (value is null)
        {
            return false;
        }

        if (value.StartsWith("sk_live_", StringComparison.Ordinal))
        {
            instanceType = InstanceType.Production;
        }
        else if (!value.StartsWith("sk_test_", StringComparison.Ordinal))
        {
            return false;
        }

        ReadOnlySpan<char> body = value.AsSpan(8);
        return body.Length is >= MinBodyLength and <= 256 && !body.ContainsAnyExcept(AlphabetValues);
    }

    private static readonly System.Buffers.SearchValues<char> AlphabetValues = System.Buffers.SearchValues.Create(Alphabet);

    /// <summary>Compares two secret keys in constant time (for a given length).</summary>
    public static bool FixedTimeEquals(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
    }
}
