using Latchkey.AspNetCore;
using Latchkey.Tokens;
using Microsoft.Extensions.Time.Testing;

namespace Latchkey.Testing;

/// <summary>
/// A stand-in for a Latchkey server in tests of apps that use Latchkey.AspNetCore: its own
/// RSA-2048 key, publishable and secret keys for a Frontend API URL, a controllable clock, and
/// session tokens for any user, organization and claims. Apps under test verify its tokens in
/// networkless (PEM) mode, so no server runs.
/// </summary>
/// <example>
/// <code>
/// using var issuer = new TestIssuer();
/// var factory = new WebApplicationFactory&lt;Program&gt;().WithWebHostBuilder(b =>
///     b.ConfigureTestServices(s => s.AddLatchkeyTestIssuer(issuer)));
/// var client = factory.CreateClient();
/// client.DefaultRequestHeaders.Authorization = new("Bearer", issuer.MintSessionToken(new() { UserId = "user_1" }));
/// issuer.Clock.Advance(TimeSpan.FromMinutes(2)); // now the token is expired
/// </code>
/// </example>
public sealed class TestIssuer : IDisposable
{
    private readonly SigningKey _key;
    private readonly SessionTokenMinter _minter;

    /// <summary>Creates an issuer.</summary>
    /// <param name="frontendApiUrl">The Frontend API URL (also <c>iss</c>). Default: <c>http://127.0.0.1:5100</c>.</param>
    /// <param name="production">Whether the instance is a production one (<c>pk_live_</c>). Default: false (development).</param>
    /// <param name="start">The clock's start. Default: 2026-01-01T00:00:00Z.</param>
    public TestIssuer(string frontendApiUrl = "http://127.0.0.1:5100", bool production = false, DateTimeOffset? start = null)
    {
        var url = new Uri(frontendApiUrl, UriKind.Absolute);
        FrontendApiUrl = frontendApiUrl.TrimEnd('/');
        var type = production ? InstanceType.Production : InstanceType.Development;
        PublishableKey = Latchkey.Tokens.PublishableKey.Create(url.IsDefaultPort ? url.Host : url.Authority, type).Value;
        SecretKey = Latchkey.Tokens.SecretKey.Generate(type);
        Clock = new FakeTimeProvider(start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Kid = "ins_test_" + Guid.NewGuid().ToString("N")[..12];
        _key = SigningKey.GenerateRsa(Kid);
        _minter = new SessionTokenMinter(Clock);
        PublicKeyPem = _key.PublicKey.ExportSpkiPem();
    }

    /// <summary>The issuer's clock: tokens are issued at its "now"; the app under test should use it too (see <c>AddLatchkeyTestIssuer</c>).</summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>The Frontend API URL, also the tokens' <c>iss</c>.</summary>
    public string FrontendApiUrl { get; }

    /// <summary>The publishable key of the issuer's instance.</summary>
    public string PublishableKey { get; }

    /// <summary>A secret key of the issuer's instance (no Backend API answers to it).</summary>
    public string SecretKey { get; }

    /// <summary>The key id of the signing key (the tokens' <c>kid</c>).</summary>
    public string Kid { get; }

    /// <summary>The public key as an SPKI PEM (the options' <c>JwtKey</c>).</summary>
    public string PublicKeyPem { get; }

    /// <summary>The cookie suffix of the publishable key (for suffixed cookie names such as <c>__session_&lt;suffix&gt;</c>).</summary>
    public string CookieSuffix => Latchkey.Tokens.PublishableKey.ComputeCookieSuffix(PublishableKey);

    /// <summary>Mints a session token.</summary>
    /// <param name="options">What to put in it; null for the defaults (user <c>user_test</c>, session <c>sess_test</c>, 60 s).</param>
    public string MintSessionToken(TestTokenOptions? options = null)
    {
        options ??= new TestTokenOptions();
        OrganizationClaim? organization = null;
        string? features = null;
        if (options.OrganizationId is not null)
        {
            var featureNames = options.OrganizationPermissions.Select(p => p.Split(':')).Where(p => p.Length == 3).Select(p => p[1]).Distinct().ToArray();
            var role = options.OrganizationRole is { } r && r.StartsWith("org:", StringComparison.Ordinal) ? r[4..] : options.OrganizationRole;
            organization = OrganizationClaim.FromPermissions(options.OrganizationId, options.OrganizationSlug, role, featureNames, options.OrganizationPermissions);
            features = featureNames.Length == 0 ? null : string.Join(',', featureNames.Select(f => "o:" + f));
        }

        var descriptor = new SessionTokenDescriptor
        {
            Subject = options.UserId,
            SessionId = options.SessionId,
            Issuer = FrontendApiUrl,
            AuthorizedParty = options.AuthorizedParty,
            IssuedAt = options.IssuedAt ?? Clock.GetUtcNow(),
            Lifetime = options.Lifetime,
            SessionStatus = options.SessionStatus,
            Organization = organization,
            Features = features,
            FactorVerificationAge = options.FactorVerificationAge is { } fva ? new FactorVerificationAge(fva.FirstFactor, fva.SecondFactor) : null,
            Actor = options.ActorUserId is { } actor ? new ActorClaim(actor) : null,
            CustomClaims = options.CustomClaims.Count == 0 ? null : new Dictionary<string, System.Text.Json.JsonElement>(options.CustomClaims),
        };
        return _minter.Mint(descriptor, _key);
    }

    /// <summary>
    /// A <c>Cookie</c> header for a same-origin browser request: <c>__session</c> and
    /// <c>__client_uat</c> (the token's issue time unless given), plus the dev-browser cookie for a
    /// development instance.
    /// </summary>
    /// <param name="sessionToken">The session token.</param>
    /// <param name="clientUat">The <c>__client_uat</c> value in Unix seconds; default: now minus 1 s.</param>
    public string CookieHeader(string sessionToken, long? clientUat = null)
    {
        var uat = clientUat ?? Clock.GetUtcNow().ToUnixTimeSeconds() - 1;
        var header = $"__session={sessionToken}; __client_uat={uat}";
        return PublishableKey.StartsWith("pk_test_", StringComparison.Ordinal) ? header + "; __clerk_db_jwt=dvb_test" : header;
    }

    /// <summary>Configures Latchkey options to trust this issuer in networkless mode (no revocation feed: there is no server).</summary>
    /// <param name="options">The options to set.</param>
    public void Configure(LatchkeyAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PublishableKey = PublishableKey;
        options.SecretKey = SecretKey;
        options.JwtKey = PublicKeyPem;
        options.FrontendApiUrl = FrontendApiUrl;
        // A test issuer has no server and so no revocation feed.
        options.Revocation.Enabled = false;
    }

    /// <summary>The signing key (for tests of this repository that hand-build tokens).</summary>
    internal SigningKey SigningKey => _key;

    /// <inheritdoc/>
    public void Dispose() => _key.Dispose();
}
