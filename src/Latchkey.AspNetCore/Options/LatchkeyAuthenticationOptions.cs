using Microsoft.AspNetCore.Authentication;

namespace Latchkey.AspNetCore;

/// <summary>
/// Options of the Latchkey authentication scheme, bound from the <c>Latchkey</c> configuration
/// section and from code. Names follow the protocol's camelCase options (protocol.md §5.1).
/// </summary>
/// <example>
/// <code>
/// builder.Services.AddAuthentication().AddLatchkey(o =>
/// {
///     o.PublishableKey = "pk_test_...";
///     o.SecretKey = builder.Configuration["Latchkey:SecretKey"];
///     o.FrontendApiUrl = "http://127.0.0.1:5100";
///     o.AuthorizedParties.Add("http://127.0.0.1:5200");
/// });
/// </code>
/// </example>
public sealed class LatchkeyAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>Creates options with the secure defaults.</summary>
    public LatchkeyAuthenticationOptions() => Events = new LatchkeyEvents();

    /// <summary>The classifier made for this options instance (see <c>LatchkeyClassifierProvider.Get</c>).</summary>
    internal Classification.ClassifierSlot? Classifier { get; set; }

    /// <summary>
    /// The instance's publishable key (<c>pk_test_...</c> development, <c>pk_live_...</c> production).
    /// Required unless <see cref="AcceptsToken"/> is only <see cref="LatchkeyTokenTypes.ApiKey"/> or
    /// <see cref="LatchkeyTokenTypes.M2MToken"/>. Default: none.
    /// </summary>
    public string? PublishableKey { get; set; }

    /// <summary>
    /// The secret key (<c>sk_test_...</c>/<c>sk_live_...</c>), sent as a Bearer credential to the
    /// Backend API (JWKS, handshake payloads, refresh, token minting, machine tokens). Required
    /// unless <see cref="AcceptsToken"/> is exactly <see cref="LatchkeyTokenTypes.M2MToken"/> with a
    /// <see cref="MachineSecretKey"/>. Never logged. Default: none.
    /// </summary>
    public string? SecretKey { get; set; }

    /// <summary>
    /// The instance's public key as an SPKI PEM (<c>-----BEGIN PUBLIC KEY-----</c>, the protocol's
    /// <c>jwtKey</c>). When set, tokens verify with no network call ("networkless mode") and no JWKS
    /// is fetched. Default: none (remote JWKS).
    /// </summary>
    public string? JwtKey { get; set; }

    /// <summary>
    /// The Frontend API URL with scheme, e.g. <c>http://127.0.0.1:5100</c>. Used for handshake
    /// redirects and as the expected <c>iss</c> of every token. Default: <c>https://&lt;host from the
    /// publishable key&gt;</c>.
    /// </summary>
    public string? FrontendApiUrl { get; set; }

    /// <summary>
    /// The Backend API base URL (without <c>/v1</c>). Default: the origin of
    /// <see cref="FrontendApiUrl"/> (a Latchkey server serves both); never a third-party host unless
    /// configured here. Point it at <c>https://api.clerk.com</c> to use Clerk.
    /// </summary>
    public string? ApiUrl { get; set; }

    /// <summary>
    /// Origins allowed in a token's <c>azp</c> claim (exact strings, e.g. <c>https://app.example.com</c>).
    /// When non-empty a token without <c>azp</c> is rejected. Default: empty (no check; set it in
    /// production to stop tokens minted for another site).
    /// </summary>
    public IList<string> AuthorizedParties { get; set; } = new List<string>();

    /// <summary>Accepted <c>aud</c> values; only checked when set and the token has <c>aud</c>. Default: empty.</summary>
    public IList<string> Audience { get; set; } = new List<string>();

    /// <summary>Tolerance for <c>exp</c>, <c>nbf</c> and <c>iat</c>. Default: 5 seconds. Must be between 0 and 5 minutes.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The kinds of token accepted. Default: <see cref="LatchkeyTokenTypes.SessionToken"/>.</summary>
    public LatchkeyTokenTypes AcceptsToken { get; set; } = LatchkeyTokenTypes.SessionToken;

    /// <summary>The machine secret key used to verify opaque M2M tokens; falls back to <see cref="SecretKey"/>. Default: none.</summary>
    public string? MachineSecretKey { get; set; }

    /// <summary>Whether this app is a satellite domain of another primary app (protocol.md §7.2). Default: false.</summary>
    public bool IsSatellite { get; set; }

    /// <summary>The satellite's domain (production satellites use <c>clerk.&lt;domain&gt;</c> as Frontend API). Default: none.</summary>
    public string? Domain { get; set; }

    /// <summary>
    /// The Frontend API proxy URL (protocol.md §7.3): absolute, or a path such as <c>/__clerk</c>
    /// resolved against the request's origin. Handshake redirects go through it; <c>iss</c> stays the
    /// real Frontend API URL. Default: none.
    /// </summary>
    public string? ProxyUrl { get; set; }

    /// <summary>The primary app's absolute sign-in URL; required for development satellites. Default: none.</summary>
    public string? SignInUrl { get; set; }

    /// <summary>Whether a satellite with no cookies syncs on first visit (protocol.md §5.6 C2). Default: false.</summary>
    public bool SatelliteAutoSync { get; set; }

    /// <summary>Organization activation from URL paths (protocol.md §5.6 C17). Default: none.</summary>
    public OrganizationSyncOptions? OrganizationSync { get; set; }

    /// <summary>When the handler answers the handshake 307 itself. Default: <see cref="LatchkeyHandshakeMode.AllNavigations"/>.</summary>
    public LatchkeyHandshakeMode HandshakeMode { get; set; } = LatchkeyHandshakeMode.AllNavigations;

    /// <summary>
    /// Whether responses carry <c>x-clerk-auth-status</c>, <c>-reason</c> and <c>-message</c>.
    /// Default: null, meaning on in the Development environment and off elsewhere. The reason is
    /// always in <c>WWW-Authenticate</c> of a 401 regardless.
    /// </summary>
    public bool? DebugHeaders { get; set; }

    /// <summary>
    /// Whether a session whose <c>sts</c> claim is <c>pending</c> is presented as signed out to
    /// application code (protocol.md §3.5). Default: true.
    /// </summary>
    public bool TreatPendingAsSignedOut { get; set; } = true;

    /// <summary>
    /// Whether the principal also carries the session token's own claims: <c>iss</c>, <c>azp</c>,
    /// <c>iat</c>, <c>nbf</c>, <c>exp</c>, <c>jti</c> and <c>v</c>, as <c>JwtBearer</c> maps them.
    /// Default: false. They describe the token rather than the user, so, as ASP.NET Core's OpenID
    /// Connect handler does with the same claims, they are left out of the principal, which then
    /// costs less to build on every request; they stay readable on
    /// <c>HttpContext.GetLatchkeyAuth().Claims</c> (<c>Issuer</c>, <c>AuthorizedParty</c>,
    /// <c>IssuedAt</c>, <c>ExpiresAt</c>, ... and the raw <c>Payload</c>).
    /// </summary>
    public bool MapTokenClaims { get; set; }

    /// <summary>
    /// Extra origins (scheme://host[:port]) that redirects built from request input may point to
    /// (development sync back to a satellite). The request's own origin is always allowed, and a
    /// development instance also allows any <c>http://127.0.0.1:&lt;port&gt;</c>. Default: empty.
    /// </summary>
    public IList<string> AllowedRedirectOrigins { get; set; } = new List<string>();

    /// <summary>
    /// How long a fetched JWKS is used before it is fetched again. Default: 5 minutes. Past it,
    /// a key set that has the token's <c>kid</c> still verifies at once while the refresh runs in
    /// the background (and stays in use while the JWKS cannot be fetched).
    /// </summary>
    public TimeSpan JwksCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Minimum time between two fetches caused by an unknown <c>kid</c>. Default: 10 seconds.</summary>
    public TimeSpan JwksRefreshCooldown { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts per JWKS fetch (first try included), with exponential back-off. Default: 3.</summary>
    public int JwksFetchAttempts { get; set; } = 3;

    /// <summary>Delay before the first JWKS retry; doubles on each further retry. Default: 125 milliseconds.</summary>
    public TimeSpan JwksRetryDelay { get; set; } = TimeSpan.FromMilliseconds(125);

    /// <summary>Timeout of one Backend/Frontend API call. Default: 5 seconds.</summary>
    public TimeSpan BackendApiTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Following the server's revocation feed (on by default when <see cref="SecretKey"/> is set).</summary>
    public LatchkeyRevocationOptions Revocation { get; set; } = new();

    /// <summary>The object whose delegates are called on signed-in, signed-out and handshake outcomes.</summary>
    public new LatchkeyEvents Events
    {
        get => (LatchkeyEvents)base.Events!;
        set => base.Events = value;
    }
}
