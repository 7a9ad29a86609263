using System.Buffers.Text;
using System.Security.Cryptography;
using Latchkey.Server.Clients;
using Latchkey.Server.Crypto;
using Latchkey.Server.Instance;

namespace Latchkey.Server.HostedPages;

/// <summary>
/// CSRF defence of the hosted pages' forms, two independent checks:
/// <list type="number">
/// <item>the request must come from this origin: an <c>Origin</c> header equal to the
/// instance's own origin (not merely an allowed one: other 127.0.0.1 ports are the same
/// <em>site</em>, so SameSite cookies alone would not stop them), or no <c>Origin</c> and a
/// <c>Sec-Fetch-Site</c> of <c>same-origin</c>/<c>none</c> or none at all;</item>
/// <item>the form must carry a token tied to this browser: a random 256-bit secret lives in an
/// HttpOnly, SameSite=Strict cookie (<c>__Host-</c> prefixed when cookies are Secure, so a
/// sibling subdomain cannot plant one), and the form field is an HMAC of a fixed label under
/// that secret, compared in constant time.</item>
/// </list>
/// Stateless, so any instance checks what another issued. Not ASP.NET Core antiforgery:
/// that needs a Data Protection key ring shared by every instance, which this server does
/// not otherwise have.
/// </summary>
internal sealed class PageCsrf(InstanceIdentity instance)
{
    private static readonly byte[] Label = "latchkey hosted pages csrf v1"u8.ToArray();

    /// <summary>The cookie's name: <c>__Host-latchkey_csrf</c> with Secure cookies, else <c>latchkey_csrf</c>.</summary>
    public string CookieName => instance.SecureCookies ? "__Host-latchkey_csrf" : "latchkey_csrf";

    /// <summary>The token for this browser's forms; sets the cookie when the browser has none.</summary>
    public string TokenFor(HttpContext http)
    {
        if (!http.Request.Cookies.TryGetValue(CookieName, out var secret) || !ClientResolver.IsWellFormed(secret))
        {
            if (http.Items.TryGetValue(typeof(PageCsrf), out var issued) && issued is string already)
            {
                return Derive(already);
            }

            secret = SecureRandom.Token();
            http.Items[typeof(PageCsrf)] = secret;
            http.Response.Cookies.Append(CookieName, secret, new CookieOptions
            {
                HttpOnly = true,
                Secure = instance.SecureCookies,
                SameSite = SameSiteMode.Strict,
                Path = "/",
                MaxAge = TimeSpan.FromDays(365),
                IsEssential = true,
            });
        }

        return Derive(secret!);
    }

    /// <summary>Whether a form post passes both checks.</summary>
    public bool IsValid(HttpContext http, string? formToken) => IsSameOrigin(http.Request) && HasValidToken(http, formToken);

    private bool IsSameOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin;
        if (origin.Count > 0)
        {
            return origin.Count == 1 && string.Equals(origin[0], instance.FrontendApiUrl, StringComparison.Ordinal);
        }

        var site = request.Headers["Sec-Fetch-Site"].ToString();
        return site is "" or "same-origin" or "none";
    }

    private bool HasValidToken(HttpContext http, string? formToken)
    {
        if (!http.Request.Cookies.TryGetValue(CookieName, out var secret) || !ClientResolver.IsWellFormed(secret)
            || !ClientResolver.IsWellFormed(formToken))
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[32];
        Span<byte> given = stackalloc byte[32];
        HMACSHA256.HashData(Base64Url.DecodeFromChars(secret), Label, expected);
        return Base64Url.TryDecodeFromChars(formToken, given, out var written) && written == 32
            && CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private static string Derive(string secret) =>
        SecureRandom.Base64Url(HMACSHA256.HashData(Base64Url.DecodeFromChars(secret), Label));
}
