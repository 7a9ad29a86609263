using System.Security.Cryptography;
using System.Text;

namespace Latchkey.Server.Crypto;

/// <summary>
/// The key-encryption key: 32 bytes for AES-256-GCM from the platform. Each ciphertext is
/// nonce (12) | tag (16) | data and is bound to its row through associated data, so a
/// ciphertext copied onto another key's row does not decrypt.
/// </summary>
internal sealed class KeyEncryptionKey : IDisposable
{
    public const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    public KeyEncryptionKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"A key-encryption key is {KeySize} bytes; got {key.Length}.", nameof(key));
        }

        _key = key.ToArray();
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(_key, digest);
        Id = "kek_" + Convert.ToHexStringLower(digest[..8]);
    }

    /// <summary>Identifies the key without revealing it (first 8 bytes of its SHA-256).</summary>
    public string Id { get; }

    /// <summary>A key for another purpose, derived with HKDF-SHA256 so the KEK itself is never used twice.</summary>
    public byte[] DeriveKey(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, 32, info: Encoding.UTF8.GetBytes("latchkey:" + purpose));

    public byte[] Encrypt(ReadOnlySpan<byte> plaintext, string associatedData)
    {
        var output = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(associatedData));
        return output;
    }

    /// <summary>Decrypts; false when the data was not encrypted with this key for this associated data.</summary>
    public bool TryDecrypt(ReadOnlySpan<byte> ciphertext, string associatedData, out byte[] plaintext)
    {
        plaintext = [];
        if (ciphertext.Length < NonceSize + TagSize)
        {
            return false;
        }

        var buffer = new byte[ciphertext.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(ciphertext[..NonceSize], ciphertext[(NonceSize + TagSize)..], ciphertext.Slice(NonceSize, TagSize), buffer, Encoding.UTF8.GetBytes(associatedData));
            plaintext = buffer;
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(buffer);
            return false;
        }
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_key);
}
