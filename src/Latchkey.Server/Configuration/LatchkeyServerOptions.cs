namespace Latchkey.Server.Configuration;

/// <summary>
/// Everything a Latchkey server instance is configured with (configuration section
/// <c>Latchkey</c>; environment variables use <c>Latchkey__Name</c>). The defaults start a
/// development instance on <c>http://127.0.0.1:5100</c> with a SQLite file under <c>.data</c>.
/// Validated at start by <see cref="LatchkeyServerOptionsValidator"/>.
/// </summary>
public sealed class LatchkeyServerOptions
{
    /// <summary>The configuration section name: <c>Latchkey</c>.</summary>
    public const string SectionName = "Latchkey";

    /// <summary>
    /// The public URL of this server's Frontend API: scheme, host and optional port, no path.
    /// It is the tokens' <c>iss</c>, the host encoded in the publishable key and the base of
    /// every redirect. Default: <c>http://127.0.0.1:5100</c>. Its host must contain a dot
    /// (Clerk's SDKs refuse <c>localhost</c>).
    /// </summary>
    public string FrontendApiUrl { get; set; } = "http://127.0.0.1:5100";

    /// <summary>Development (default) or production instance.</summary>
    public InstanceType InstanceType { get; set; } = InstanceType.Development;

    /// <summary>
    /// Origins (authorized parties) allowed to call the Frontend API with credentials, to be
    /// named in <c>azp</c> and to receive handshake redirects, e.g. <c>https://app.example.com</c>.
    /// The instance's own origin is always allowed; a development instance also allows any
    /// <c>http://127.0.0.1:&lt;port&gt;</c>. Default: empty.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>
    /// The domain <c>__client_uat</c> and handshake cookies are set on: the registrable domain
    /// your apps share with the server, e.g. <c>example.com</c>. Default: <c>null</c>, meaning
    /// host-only cookies on the server's host (right for 127.0.0.1, where cookies ignore ports).
    /// Required in production.
    /// </summary>
    public string? CookieDomain { get; set; }

    /// <summary>Folder for the SQLite file, the key file and the development KEK. Default: <c>.data</c> (relative to the working directory).</summary>
    public string DataFolder { get; set; } = ".data";

    /// <summary>Lifetime of a session token (<c>exp - iat</c>). Default: 60 seconds; 1 second to 10 minutes.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Longest lifetime a Backend API caller may ask for with <c>expires_in_seconds</c> when minting
    /// (<c>POST /v1/sessions/{id}/tokens</c>). Signing keys stay published until the longest-lived
    /// token they could have signed has expired. Default: 10 minutes; 1 second to 1 day.
    /// </summary>
    public TimeSpan BackendTokenMaximumLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How often each server process rereads the signing keys from the database (so a rotation made
    /// through any instance reaches all of them), and how long a rotated-in key is published before
    /// it signs. Default: 10 seconds; 100 milliseconds to 5 minutes.
    /// </summary>
    public TimeSpan SigningKeyRefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How far before <c>iat</c> a token's <c>nbf</c> lies (clock skew allowance). Default: 10 seconds; 0 to 5 minutes.</summary>
    public TimeSpan NotBeforeOffset { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A session ends after this long without activity (a token mint or touch). Default: <c>null</c> (no inactivity timeout).</summary>
    public TimeSpan? SessionInactivityTimeout { get; set; }

    /// <summary>A session expires this long after sign-in, whatever its activity. Default: 7 days.</summary>
    public TimeSpan SessionMaximumLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Lifetime of the <c>__client</c> cookie. Default: 365 days.</summary>
    public TimeSpan ClientCookieLifetime { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Lifetime of an email verification code. Default: 10 minutes.</summary>
    public TimeSpan EmailCodeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Wrong guesses allowed per email verification code before it is void. Default: 5.</summary>
    public int EmailCodeMaxAttempts { get; set; } = 5;

    /// <summary>Lifetime of a handshake nonce. Default: 60 seconds; at most 60 seconds.</summary>
    public TimeSpan HandshakeNonceLifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a session's state is served from memory before it is read again. A revocation
    /// through any instance invalidates it on every instance within
    /// <see cref="RevocationOptions.PollInterval"/> (milliseconds with PostgreSQL notifications).
    /// Default: 2 minutes, longer than a browser's refresh interval (about a minute), so that a
    /// signed-in browser's mints are served from memory; each cached session takes about 1 KB.
    /// </summary>
    public TimeSpan SessionCacheDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often batched last-active times are written. Default: 10 seconds.</summary>
    public TimeSpan LastActiveFlushInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Maximum size of a Frontend API request body. Default: 64 KiB.</summary>
    public int MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>The store.</summary>
    public DatabaseOptions Database { get; set; } = new();

    /// <summary>The key-encryption key source.</summary>
    public KeyEncryptionOptions KeyEncryption { get; set; } = new();

    /// <summary>Password rules and hashing parameters.</summary>
    public PasswordHashingOptions Passwords { get; set; } = new();

    /// <summary>Rate limits and lockout.</summary>
    public RateLimitOptions RateLimits { get; set; } = new();

    /// <summary>Outgoing mail.</summary>
    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>The revocation feed and cross-instance cache invalidation.</summary>
    public RevocationOptions Revocation { get; set; } = new();

    /// <summary>The reverse proxy in front of the server, if any (<c>Latchkey:Proxy</c>).</summary>
    public ProxyOptions Proxy { get; set; } = new();

    /// <summary>
    /// The longest lifetime any token of this instance can have (session tokens and Backend API
    /// mints): the bound on how long a revoked session's tokens stay valid, used for revocation
    /// feed entries' <c>expires_at</c>.
    /// </summary>
    public TimeSpan LongestTokenLifetime => TokenLifetime > BackendTokenMaximumLifetime ? TokenLifetime : BackendTokenMaximumLifetime;

    /// <summary>Whether this is a development instance.</summary>
    public bool IsDevelopmentInstance => InstanceType == InstanceType.Development;

    /// <summary>The full path of the data folder.</summary>
    public string DataFolderPath => Path.GetFullPath(DataFolder);

    /// <summary>The full path of the instance key file (publishable and secret key) beside the database.</summary>
    public string KeyFilePath => Path.Combine(DataFolderPath, "latchkey.keys.json");

    /// <summary>The full path of the KEK file in effect.</summary>
    public string KeyEncryptionKeyFilePath =>
        Path.GetFullPath(KeyEncryption.KeyFile ?? Path.Combine(DataFolderPath, "latchkey.kek"));

    /// <summary>The connection string in effect (the default SQLite file when none is configured).</summary>
    public string EffectiveConnectionString =>
        !string.IsNullOrWhiteSpace(Database.ConnectionString)
            ? Database.ConnectionString
            : $"Data Source={Path.Combine(DataFolderPath, "latchkey.db")}";
}
