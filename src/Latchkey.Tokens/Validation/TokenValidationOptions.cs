namespace Latchkey.Tokens;

/// <summary>
/// What a <see cref="TokenVerifier"/> accepts. Secure by default: the issuer is required,
/// <c>typ</c> must be <c>JWT</c> when present, the clock skew is 5 seconds. The verifier
/// copies the options when it is built; later changes do not affect it.
/// </summary>
/// <example>
/// <code>
/// var options = new TokenValidationOptions
/// {
///     ValidIssuers = { "https://clerk.example.com" },
///     AuthorizedParties = { "https://example.com" },
/// };
/// </code>
/// </example>
public sealed class TokenValidationOptions
{
    /// <summary>The largest token accepted by default: 16 KiB (16,384 characters). A session cookie cannot exceed ~4 KB.</summary>
    public const int DefaultMaxTokenLength = 16 * 1024;

    /// <summary>The deepest JSON nesting accepted by default in the header and the claims: 16.</summary>
    public const int DefaultMaxJsonDepth = 16;

    /// <summary>
    /// Accepted <c>iss</c> values, compared with exact ordinal equality (the Frontend API URL
    /// with scheme, e.g. <c>https://clerk.example.com</c>). Required unless
    /// <see cref="ValidateIssuer"/> is false. Default: empty.
    /// </summary>
    public IList<string> ValidIssuers { get; } = new List<string>();

    /// <summary>
    /// Whether <c>iss</c> must be one of <see cref="ValidIssuers"/> (<see cref="ReasonCodes.TokenInvalidIssuer"/>).
    /// Default true. Turn off only for diagnostics; Clerk's JS verifier does not check the
    /// issuer, Latchkey always does by default.
    /// </summary>
    public bool ValidateIssuer { get; set; } = true;

    /// <summary>
    /// Accepted <c>azp</c> values (origins such as <c>https://example.com</c>, exact match).
    /// When non-empty, a token without <c>azp</c> or with another value fails with
    /// <see cref="ReasonCodes.TokenInvalidAuthorizedParties"/>. Default: empty (no check,
    /// as the protocol; set it to stop tokens minted for other origins).
    /// </summary>
    public IList<string> AuthorizedParties { get; } = new List<string>();

    /// <summary>
    /// Accepted audiences. When non-empty the token must carry <c>aud</c> (a string in the list,
    /// or an array intersecting it), else <see cref="ReasonCodes.TokenVerificationFailed"/>.
    /// Stricter than the protocol, which skips the check for a token without <c>aud</c>.
    /// Default: empty (no check).
    /// </summary>
    public IList<string> Audiences { get; } = new List<string>();

    /// <summary>Tolerance for <c>exp</c>, <c>nbf</c> and <c>iat</c>. Default 5 seconds; 0 to 5 minutes.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Accepted header <c>typ</c> values when the member is present (exact match). Default: <c>JWT</c>. An absent <c>typ</c> is accepted.</summary>
    public IList<string> AllowedTypes { get; } = new List<string> { "JWT" };

    /// <summary>
    /// Accepted algorithms, a subset of <see cref="SigningAlgorithms.All"/>; each key further
    /// limits it to its own family. Default: all of <see cref="SigningAlgorithms.All"/>.
    /// Names outside the allow-list are a configuration error.
    /// </summary>
    public IList<string> AllowedAlgorithms { get; } = new List<string>(SigningAlgorithms.All);

    /// <summary>Which kind of token is accepted. Default <see cref="TokenKind.Session"/>.</summary>
    public TokenKind TokenKind { get; set; } = TokenKind.Session;

    /// <summary>Longest token accepted, in characters. Default <see cref="DefaultMaxTokenLength"/>; 512 to 1 MiB.</summary>
    public int MaxTokenLength { get; set; } = DefaultMaxTokenLength;

    /// <summary>Deepest JSON nesting accepted in header and claims. Default <see cref="DefaultMaxJsonDepth"/>; 2 to 64.</summary>
    public int MaxJsonDepth { get; set; } = DefaultMaxJsonDepth;
}
