namespace Latchkey.Server.Instance;

/// <summary>Cookie, query and header names of the protocol (protocol.md §1.5, §2, §6, §7.1), in one place.</summary>
internal static class ProtocolNames
{
    public const string ClientCookie = "__client";
    public const string ClientUatCookie = "__client_uat";
    public const string SessionCookie = "__session";
    public const string DevBrowser = "__clerk_db_jwt";
    public const string HandshakeNonce = "__clerk_handshake_nonce";
    public const string Handshake = "__clerk_handshake";
    public const string RedirectUrl = "redirect_url";
    public const string SuffixedCookies = "suffixed_cookies";
    public const string Format = "format";
    public const string FormatNonce = "nonce";

    /// <summary>Max-Age of <c>__client_uat</c> set by the server: 10 years, as the protocol's example shows.</summary>
    public const int ClientUatMaxAgeSeconds = 315_360_000;
}
