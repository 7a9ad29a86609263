namespace Latchkey.Server.Configuration;

/// <summary>
/// Where the key-encryption key (KEK) comes from (configuration section
/// <c>Latchkey:KeyEncryption</c>). The KEK is 32 random bytes, written as base64; it encrypts
/// the private parts of the signing keys (AES-256-GCM) and never enters the database.
/// </summary>
public sealed class KeyEncryptionOptions
{
    /// <summary>
    /// The environment variable that may hold the KEK (base64 of 32 bytes). Default:
    /// <c>LATCHKEY_KEK</c>. When set it takes precedence over <see cref="KeyFile"/>.
    /// </summary>
    public string EnvironmentVariable { get; set; } = "LATCHKEY_KEK";

    /// <summary>
    /// Path of a file holding the KEK (base64 of 32 bytes, mode 0600). Default: <c>null</c>,
    /// which means <c>&lt;DataFolder&gt;/latchkey.kek</c>; a development instance creates it
    /// on first start, a production instance refuses to start without a KEK.
    /// </summary>
    public string? KeyFile { get; set; }

    /// <summary>
    /// Files holding earlier KEKs, for rotation: keys encrypted under one of them are
    /// re-encrypted under the current KEK at start, nobody is signed out. Default: empty.
    /// Remove an entry once the server has started with it once.
    /// </summary>
    public List<string> PreviousKeyFiles { get; set; } = [];
}
