namespace Latchkey.Server.Configuration;

/// <summary>
/// The kind of instance a server runs as (protocol.md §1.1). It decides the key prefixes
/// (<c>pk_test_</c>/<c>pk_live_</c>), whether the dev-browser mechanism applies and whether
/// cookies are <c>Secure</c>.
/// </summary>
public enum InstanceType
{
    /// <summary>A development instance: <c>pk_test_</c> keys, dev browser, http allowed. The default.</summary>
    Development = 0,

    /// <summary>A production instance: <c>pk_live_</c> keys, <c>Secure</c> cookies, explicit origins, SMTP and a key-encryption key required.</summary>
    Production = 1,
}
