using System.Security.Cryptography;
using System.Text;

namespace Latchkey.Server.Instance;

/// <summary>
/// Publishable key and cookie suffix formats (protocol.md §1.1, §1.5), delegated to the token
/// core where it offers them.
/// </summary>
internal static class InstanceKeyFormats
{
    public static string PublishableKey(string frontendApiHost, bool development) =>
        (development ? "pk_test_" : "pk_live_") + Convert.ToBase64String(Encoding.UTF8.GetBytes(frontendApiHost + "$")).TrimEnd('=');

    public static string CookieSuffix(string publishableKey) =>
        System.Buffers.Text.Base64Url.EncodeToString(SHA1.HashData(Encoding.UTF8.GetBytes(publishableKey)))[..8];
}
