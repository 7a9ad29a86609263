using Latchkey.Server.FrontendApi.Errors;
using Latchkey.Server.FrontendApi.Http;
using Latchkey.Server.Instance;
using Latchkey.Server.Configuration;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.FrontendApi.Handshake;

/// <summary>
/// <c>GET /v1/client/handshake</c> (protocol.md §6): validates <c>redirect_url</c>, decides the
/// app-domain cookies, stores them under a nonce and redirects back with the nonce as a query
/// parameter (development) or a cookie on the cookie domain (production). Without
/// <c>format</c> it answers the legacy way: the same cookies as a signed payload in
/// <c>__clerk_handshake</c>, again as a query parameter (development) or a cookie (production).
/// </summary>
internal static class HandshakeEndpoints
{
    public static RouteGroupBuilder MapHandshake(this RouteGroupBuilder group)
    {
        group.MapGet("/client/handshake", Handshake);
        return group;
    }

    private static async Task<IResult> Handshake(HttpContext http, RedirectUrlValidator validator, HandshakeService handshakes, InstanceIdentity instance, IOptions<LatchkeyServerOptions> options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var query = http.Request.Query;
        var logger = loggers.CreateLogger("Latchkey.Server.Handshake");
        if (query[ProtocolNames.RedirectUrl].Count != 1 || !validator.TryValidate(query[ProtocolNames.RedirectUrl][0], out var redirectUrl))
        {
            Log.HandshakeRefused(logger, ErrorCodes.RedirectUrlInvalid);
            return FrontendResponder.Error(http, new ApiError(400, ErrorCodes.RedirectUrlInvalid, "redirect_url is invalid",
                "redirect_url must be one absolute http(s) URL on an allowed origin.", ProtocolNames.RedirectUrl));
        }

        var formats = query[ProtocolNames.Format];
        var legacy = formats.Count == 0;
        if (!legacy && (formats.Count != 1 || formats[0] != ProtocolNames.FormatNonce))
        {
            // Absent (legacy signed payload) and "nonce" are the two formats the protocol knows.
            Log.HandshakeRefused(logger, ErrorCodes.HandshakeFormatUnsupported);
            return FrontendResponder.Error(http, new ApiError(400, ErrorCodes.HandshakeFormatUnsupported, "Unsupported handshake format",
                "format is either nonce or absent (the legacy signed payload).", ProtocolNames.Format));
        }

        var suffixed = query[ProtocolNames.SuffixedCookies].ToString();
        if (suffixed is not ("" or "true" or "false"))
        {
            return FrontendResponder.Error(http, ApiErrors.ValueInvalid(ProtocolNames.SuffixedCookies, "suffixed_cookies is true or false."));
        }

        var transport = legacy ? ProtocolNames.Handshake : ProtocolNames.HandshakeNonce;
        var directives = await handshakes.DirectivesAsync(http, redirectUrl, suffixed == "true", transport, cancellationToken);
        var value = legacy ? handshakes.SignPayload(directives) : await handshakes.StoreAsync(directives, cancellationToken);
        http.Response.Headers.CacheControl = "no-store";
        if (instance.IsDevelopment)
        {
            return Results.Redirect(QueryHelpers.AddQueryString(WithoutFragment(redirectUrl, out var fragment), transport, value) + fragment, permanent: false, preserveMethod: true);
        }

        http.Response.Cookies.Append(transport, value, new CookieOptions
        {
            Domain = instance.CookieDomain,
            Path = "/",
            Secure = true,
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            MaxAge = options.Value.HandshakeNonceLifetime,
        });
        return Results.Redirect(redirectUrl.AbsoluteUri, permanent: false, preserveMethod: true);
    }

    private static string WithoutFragment(Uri url, out string fragment)
    {
        fragment = url.Fragment;
        var text = url.AbsoluteUri;
        return fragment.Length == 0 ? text : text[..^fragment.Length];
    }
}
