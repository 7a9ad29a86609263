namespace Latchkey.AspNetCore;

/// <summary>
/// The kinds of token a scheme accepts (protocol.md §4.5, the protocol's <c>acceptsToken</c>).
/// A single flag selects that kind's own path; several flags (or <see cref="Any"/>) select the
/// "any" path, where the header token is classified and checked against the set.
/// </summary>
[Flags]
public enum LatchkeyTokenTypes
{
    /// <summary>No kind: every request is signed out with <c>token-type-mismatch</c>.</summary>
    None = 0,

    /// <summary>Session tokens (<c>session_token</c>), from the header or the <c>__session</c> cookie. The default.</summary>
    SessionToken = 1,

    /// <summary>API keys (<c>api_key</c>, opaque <c>ak_...</c>), verified through the Backend API.</summary>
    ApiKey = 2,

    /// <summary>Machine-to-machine tokens (<c>m2m_token</c>: opaque <c>mt_...</c> or a JWT whose <c>sub</c> starts <c>mch_</c>).</summary>
    M2MToken = 4,

    /// <summary>OAuth access tokens (<c>oauth_token</c>: opaque <c>oat_...</c> or a JWT with <c>typ</c> <c>at+jwt</c>).</summary>
    OAuthToken = 8,

    /// <summary>Every kind (the protocol's <c>any</c>).</summary>
    Any = SessionToken | ApiKey | M2MToken | OAuthToken,
}
