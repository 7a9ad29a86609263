namespace Latchkey.AspNetCore;

/// <summary>When the authentication handler answers a handshake redirect (307) itself.</summary>
public enum LatchkeyHandshakeMode
{
    /// <summary>For every GET page navigation whose cookie state is stale (the protocol's behaviour). The default.</summary>
    AllNavigations = 0,

    /// <summary>
    /// Only when the matched endpoint requires authorization (it has <c>IAuthorizeData</c> metadata
    /// and no <c>IAllowAnonymous</c>); other navigations continue signed out. Requires routing to run
    /// before authentication (the default for <c>WebApplication</c>).
    /// </summary>
    ProtectedEndpointsOnly = 1,

    /// <summary>Never redirect: handshake states are reported as signed out with their reason.</summary>
    Never = 2,
}
