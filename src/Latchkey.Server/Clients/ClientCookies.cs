using System.Globalization;
using Latchkey.Server.Instance;

namespace Latchkey.Server.Clients;

/// <summary>
/// Writes the cookies the Frontend API owns: <c>__client</c> (HttpOnly, SameSite=Lax, host-only
/// on the server's host, Secure in production) and <c>__client_uat</c> with its suffixed twin
/// on the cookie domain (protocol.md §2.1–§2.2): the client's last change in Unix seconds
/// while a session is signed in, <c>0</c> otherwise.
/// </summary>
internal sealed class ClientCookies(InstanceIdentity instance, TimeProvider time)
{
    public void WriteClientToken(HttpResponse response, string token, DateTimeOffset expiresAt)
    {
        response.Cookies.Append(ProtocolNames.ClientCookie, token, new CookieOptions
        {
            HttpOnly = true,
            Secure = instance.SecureCookies,
            SameSite = SameSiteMode.Lax,
            Path = "/",
            Expires = expiresAt,
            IsEssential = true,
        });
    }

    public void DeleteClientToken(HttpResponse response) =>
        response.Cookies.Delete(ProtocolNames.ClientCookie, new CookieOptions { Path = "/", Secure = instance.SecureCookies, HttpOnly = true, SameSite = SameSiteMode.Lax });

    /// <summary>
    /// Development only: the dev-browser token under both names (plain and suffixed), host-only,
    /// readable by the browser SDK (not HttpOnly), for a year — as the SDK itself writes it
    /// (protocol.md §2.1). Hosted pages set it so that an app page on another port of the same
    /// host finds the client the sign-in used.
    /// </summary>
    public void WriteDevBrowser(HttpResponse response, string token)
    {
        foreach (var name in new[] { ProtocolNames.DevBrowser, instance.Suffixed(ProtocolNames.DevBrowser) })
        {
            response.Cookies.Append(name, token, new CookieOptions
            {
                Path = "/",
                Secure = instance.SecureCookies,
                SameSite = SameSiteMode.Lax,
                MaxAge = TimeSpan.FromDays(365),
                HttpOnly = false,
                IsEssential = true,
            });
        }
    }

    public void WriteClientUat(HttpResponse response, long uat)
    {
        var value = uat.ToString(CultureInfo.InvariantCulture);
        foreach (var name in new[] { ProtocolNames.ClientUatCookie, instance.Suffixed(ProtocolNames.ClientUatCookie) })
        {
            response.Cookies.Append(name, value, new CookieOptions
            {
                Domain = instance.CookieDomain,
                Path = "/",
                Secure = instance.SecureCookies,
                SameSite = SameSiteMode.Lax,
                MaxAge = TimeSpan.FromSeconds(ProtocolNames.ClientUatMaxAgeSeconds),
                HttpOnly = false,
                IsEssential = true,
            });
        }
    }

    /// <summary>The Set-Cookie string for <c>__client_uat</c> (or its suffixed twin), as a handshake directive.</summary>
    public string ClientUatDirective(string name, long uat) =>
        Directive(name, uat.ToString(CultureInfo.InvariantCulture), ProtocolNames.ClientUatMaxAgeSeconds, instance.CookieDomain, httpOnly: false);

    /// <summary>A Set-Cookie string with the server's attributes for app-domain cookies.</summary>
    public string Directive(string name, string value, int maxAgeSeconds, string? domain, bool httpOnly)
    {
        var builder = new System.Text.StringBuilder();
        builder.Append(name).Append('=').Append(value).Append("; Path=/");
        if (domain is not null)
        {
            builder.Append("; Domain=").Append(domain);
        }

        if (maxAgeSeconds <= 0)
        {
            builder.Append("; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0");
        }
        else
        {
            var expires = time.GetUtcNow().AddSeconds(maxAgeSeconds);
            builder.Append("; Expires=").Append(expires.ToString("R", CultureInfo.InvariantCulture)).Append("; Max-Age=").Append(maxAgeSeconds.ToString(CultureInfo.InvariantCulture));
        }

        if (instance.SecureCookies)
        {
            builder.Append("; Secure");
        }

        if (httpOnly)
        {
            builder.Append("; HttpOnly");
        }

        builder.Append("; SameSite=Lax");
        return builder.ToString();
    }
}
