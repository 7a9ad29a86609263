using System.Security.Cryptography;
using Latchkey.Server.Configuration;
using Latchkey.Server.Crypto;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Tests.Crypto;

public sealed class CryptoTests
{
    private static PasswordHasher Hasher(int iterations) =>
        new(Options.Create(new LatchkeyServerOptions { Passwords = { Iterations = iterations } }));

    [Fact]
    public void PasswordHash_CarriesParametersAndVerifies()
    {
        var hash = Hasher(1000).Hash("correct horse battery");

        Assert.Matches(@"^pbkdf2-sha256\$1000\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$", hash);
        Assert.Equal(PasswordCheck.Succeeded, Hasher(1000).Verify(hash, "correct horse battery"));
        Assert.Equal(PasswordCheck.Failed, Hasher(1000).Verify(hash, "correct horse batterY"));
    }

    [Fact]
    public void PasswordHash_OlderIterationCount_VerifiesAndAsksForRehash()
    {
        var hash = Hasher(1000).Hash("pw-123456");

        Assert.Equal(PasswordCheck.SucceededNeedsRehash, Hasher(2000).Verify(hash, "pw-123456"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("md5$1$abc$def")]
    [InlineData("pbkdf2-sha256$-1$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$1000$not base64$AAAA")]
    public void PasswordVerify_MissingOrMalformedHash_Fails(string? stored)
    {
        Assert.Equal(PasswordCheck.Failed, Hasher(1000).Verify(stored, "anything"));
    }

    [Fact]
    public void PasswordHash_SamePasswordTwice_UsesFreshSalts()
    {
        Assert.NotEqual(Hasher(1000).Hash("same password"), Hasher(1000).Hash("same password"));
    }

    [Fact]
    public void Kek_RoundTripsAndBindsToAssociatedData()
    {
        using var kek = new KeyEncryptionKey(RandomNumberGenerator.GetBytes(32));
        var ciphertext = kek.Encrypt("private key"u8, "ins_a");

        Assert.True(kek.TryDecrypt(ciphertext, "ins_a", out var plain));
        Assert.Equal("private key"u8.ToArray(), plain);
        Assert.False(kek.TryDecrypt(ciphertext, "ins_b", out _));
        ciphertext[^1] ^= 1;
        Assert.False(kek.TryDecrypt(ciphertext, "ins_a", out _));
        Assert.False(kek.TryDecrypt(new byte[10], "ins_a", out _));
    }

    [Fact]
    public void Kek_OtherKey_CannotDecrypt()
    {
        using var a = new KeyEncryptionKey(RandomNumberGenerator.GetBytes(32));
        using var b = new KeyEncryptionKey(RandomNumberGenerator.GetBytes(32));

        Assert.False(b.TryDecrypt(a.Encrypt("x"u8, "k"), "k", out _));
        Assert.NotEqual(a.Id, b.Id);
        Assert.Throws<ArgumentException>(() => new KeyEncryptionKey(new byte[16]));
    }

    [Fact]
    public void SecureRandom_IdsAndTokens_HaveTheirShape()
    {
        Assert.Matches("^user_[0-9A-Za-z]{27}$", SecureRandom.Id("user"));
        Assert.Matches("^[A-Za-z0-9_-]{43}$", SecureRandom.Token());
        Assert.Equal(32, SecureRandom.Hash("x").Length);
    }
}
