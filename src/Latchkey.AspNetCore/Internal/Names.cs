namespace Latchkey.AspNetCore.Internal;

/// <summary>Wire names of the protocol (protocol.md §2, §5.2, §5.12, §6.1), in one place.</summary>
internal static class Names
{
    internal static class Cookies
    {
        public const string Session = "__session";
        public const string Refresh = "__refresh";
        public const string ClientUat = "__client_uat";
        public const string Handshake = "__clerk_handshake";
        public const string HandshakeNonce = "__clerk_handshake_nonce";
        public const string DevBrowser = "__clerk_db_jwt";
        public const string RedirectCount = "__clerk_redirect_count";
    }

    internal static class Query
    {
        public const string ClerkSynced = "__clerk_synced";
        public const string SuffixedCookies = "suffixed_cookies";
        public const string ClerkRedirectUrl = "__clerk_redirect_url";
        public const string DevBrowser = Cookies.DevBrowser;
        public const string Handshake = Cookies.Handshake;
        public const string HandshakeHelp = "__clerk_help";
        public const string LegacyDevBrowser = "__dev_session";
        public const string HandshakeReason = "__clerk_hs_reason";
        public const string HandshakeNonce = Cookies.HandshakeNonce;
        public const string HandshakeFormat = "format";
        public const string Session = "__session";
        public const string RedirectUrl = "redirect_url";
        public const string ApiVersion = "__clerk_api_version";
        public const string OrganizationId = "organization_id";
        public const string SyncedNeedsSync = "false";
        public const string SyncedCompleted = "true";
    }

    internal static class Headers
    {
        public const string Authorization = "Authorization";
        public const string Cookie = "Cookie";
        public const string Accept = "Accept";
        public const string Origin = "Origin";
        public const string Referer = "Referer";
        public const string UserAgent = "User-Agent";
        public const string SecFetchDest = "Sec-Fetch-Dest";
        public const string Location = "Location";
        public const string CacheControl = "Cache-Control";
        public const string SetCookie = "Set-Cookie";
        public const string WwwAuthenticate = "WWW-Authenticate";
        public const string AuthStatus = "x-clerk-auth-status";
        public const string AuthReason = "x-clerk-auth-reason";
        public const string AuthMessage = "x-clerk-auth-message";
        public const string AccessControlAllowOrigin = "Access-Control-Allow-Origin";
        public const string AccessControlAllowCredentials = "Access-Control-Allow-Credentials";
        public const string ClerkApiVersion = "Clerk-API-Version";
    }

    /// <summary>The Backend API version header value and the handshake's <c>__clerk_api_version</c>.</summary>
    public const string ApiVersion = "2026-05-12";

    /// <summary>The Backend API path version segment.</summary>
    public const string ApiPathVersion = "v1";

    /// <summary>The loop guard stops redirecting once the counter reaches this value (§5.8).</summary>
    public const int MaxRedirectCount = 3;

    public const string NoStore = "no-store";
    public const string BearerScheme = "Bearer";
}
