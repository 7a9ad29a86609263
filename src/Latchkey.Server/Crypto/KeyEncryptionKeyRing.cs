using Latchkey.Server.Configuration;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.Crypto;

/// <summary>
/// Loads the current KEK (environment variable, else file) and any previous KEKs listed for
/// rotation. A development instance creates its KEK file (mode 0600) on first start; a
/// production instance never creates one.
/// </summary>
internal sealed class KeyEncryptionKeyRing : IDisposable
{
    private readonly Lazy<(KeyEncryptionKey Current, IReadOnlyList<KeyEncryptionKey> Previous)> _keys;

    public KeyEncryptionKeyRing(IOptions<LatchkeyServerOptions> options)
    {
        _keys = new Lazy<(KeyEncryptionKey, IReadOnlyList<KeyEncryptionKey>)>(() => Load(options.Value));
    }

    public KeyEncryptionKey Current => _keys.Value.Current;

    public IReadOnlyList<KeyEncryptionKey> Previous => _keys.Value.Previous;

    /// <summary>The key with the given id, current or previous; null when none is configured.</summary>
    public KeyEncryptionKey? Find(string id) =>
        Current.Id == id ? Current : Previous.FirstOrDefault(k => k.Id == id);

    public void Dispose()
    {
        if (_keys.IsValueCreated)
        {
            Current.Dispose();
            foreach (var key in Previous)
            {
                key.Dispose();
            }
        }
    }

    private static (KeyEncryptionKey, IReadOnlyList<KeyEncryptionKey>) Load(LatchkeyServerOptions options)
    {
        var variable = options.KeyEncryption.EnvironmentVariable;
        var fromEnvironment = string.IsNullOrEmpty(variable) ? null : Environment.GetEnvironmentVariable(variable);
        KeyEncryptionKey current;
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            current = Parse(fromEnvironment, $"environment variable {variable}");
        }
        else
        {
            var path = options.KeyEncryptionKeyFilePath;
            if (!File.Exists(path))
            {
                if (!options.IsDevelopmentInstance)
                {
                    throw new InvalidOperationException($"No key-encryption key: set {variable} or create {path} (mode 0600). A production instance never creates one.");
                }

                PrivateFile.WriteNew(path, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(KeyEncryptionKey.KeySize)) + "\n");
            }

            current = ReadFile(path);
        }

        var previous = options.KeyEncryption.PreviousKeyFiles.Select(f => ReadFile(Path.GetFullPath(f))).ToList();
        return (current, previous);
    }

    private static KeyEncryptionKey ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The key-encryption key file {path} does not exist.");
        }

        PrivateFile.RequireOwnerOnly(path);
        return Parse(File.ReadAllText(path), "file " + path);
    }

    private static KeyEncryptionKey Parse(string text, string source)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"The key-encryption key in {source} is not base64. Generate one with `head -c 32 /dev/urandom | base64`.");
        }

        if (bytes.Length != KeyEncryptionKey.KeySize)
        {
            throw new InvalidOperationException($"The key-encryption key in {source} is {bytes.Length} bytes; it must be {KeyEncryptionKey.KeySize} (`head -c 32 /dev/urandom | base64`).");
        }

        try
        {
            return new KeyEncryptionKey(bytes);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(bytes);
        }
    }
}
