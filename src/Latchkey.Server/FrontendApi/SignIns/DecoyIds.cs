using System.Security.Cryptography;
using System.Text;
using Latchkey.Server.Crypto;

namespace Latchkey.Server.FrontendApi.SignIns;

/// <summary>
/// Stable stand-in email address ids for identifiers that name nobody: derived by HMAC from
/// the identifier, so asking twice gives the same id, as it would for a real address.
/// </summary>
internal sealed class DecoyIds(KeyEncryptionKeyRing keys)
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private readonly Lazy<byte[]> _key = new(() => keys.Current.DeriveKey("decoy-ids"));

    public string EmailAddressId(string normalizedIdentifier)
    {
        // Rejection sampling (bytes >= 248 skipped) keeps the characters uniform, exactly like
        // the CSPRNG ids of real addresses, so the two cannot be told apart statistically.
        var chars = new char[27];
        var filled = 0;
        for (var block = 0; filled < chars.Length; block++)
        {
            var mac = HMACSHA256.HashData(_key.Value, Encoding.UTF8.GetBytes(block + ":" + normalizedIdentifier));
            foreach (var b in mac)
            {
                if (b < 248 && filled < chars.Length)
                {
                    chars[filled++] = Base62[b % Base62.Length];
                }
            }
        }

        return "idn_" + new string(chars);
    }
}
