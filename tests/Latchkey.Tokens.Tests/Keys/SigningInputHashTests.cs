using System.Security.Cryptography;
using Latchkey.Tokens.Internal;

namespace Latchkey.Tokens.Tests.Keys;

/// <summary>The reused per-thread digest contexts give the one-shot digest every time.</summary>
public class SigningInputHashTests
{
    [Theory]
    [InlineData("SHA256", 32)]
    [InlineData("SHA384", 48)]
    [InlineData("SHA512", 64)]
    public void Compute_RepeatedAndInterleaved_EqualsOneShotDigest(string name, int length)
    {
        var algorithm = new HashAlgorithmName(name);
        Span<byte> digest = stackalloc byte[SigningInputHash.MaxLength];
        Span<byte> other = stackalloc byte[SigningInputHash.MaxLength];
        for (int size = 0; size < 300; size += 37)
        {
            byte[] data = RandomNumberGenerator.GetBytes(size);

            int written = SigningInputHash.Compute(algorithm, data, digest);
            SigningInputHash.Compute(HashAlgorithmName.SHA256, [1, 2, 3], other);

            Assert.Equal(length, written);
            Assert.Equal(OneShot(algorithm, data), digest[..written].ToArray());
        }
    }

    [Fact]
    public void Compute_ManyThreads_EachGetsItsOwnDigest()
    {
        byte[][] inputs = [.. Enumerable.Range(0, 64).Select(i => RandomNumberGenerator.GetBytes(100 + i))];

        Parallel.For(0, 2000, i =>
        {
            byte[] data = inputs[i % inputs.Length];
            var digest = new byte[SigningInputHash.MaxLength];
            int written = SigningInputHash.Compute(HashAlgorithmName.SHA256, data, digest);
            Assert.Equal(SHA256.HashData(data), digest[..written]);
        });
    }

    [Fact]
    public void Compute_UnsupportedAlgorithmOrSmallDestination_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SigningInputHash.Compute(HashAlgorithmName.MD5, [1], new byte[64]));
        Assert.Throws<ArgumentException>(() => SigningInputHash.Compute(HashAlgorithmName.SHA512, [1], new byte[32]));

        var digest = new byte[64];
        Assert.Equal(64, SigningInputHash.Compute(HashAlgorithmName.SHA512, [1], digest));
        Assert.Equal(SHA512.HashData(new byte[] { 1 }), digest);
    }

    private static byte[] OneShot(HashAlgorithmName algorithm, byte[] data) => algorithm.Name switch
    {
        "SHA256" => SHA256.HashData(data),
        "SHA384" => SHA384.HashData(data),
        _ => SHA512.HashData(data),
    };
}
