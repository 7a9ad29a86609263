namespace Latchkey.Tokens;

/// <summary>
/// The catalogue of stable reason codes. Token-verification reasons follow the protocol's
/// kebab-case strings exactly (Clerk's backend SDK and log tooling match on them).
/// </summary>
public static class ReasonCodes
{
    /// <summary>The token's <c>exp</c> is in the past (beyond the clock skew).</summary>
    public const string TokenExpired = "token-expired";
}
