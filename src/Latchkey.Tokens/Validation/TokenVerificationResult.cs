namespace Latchkey.Tokens;

/// <summary>
/// The outcome of verifying one token: valid with its claims, or invalid with a stable
/// <see cref="Reason"/> code (<see cref="ReasonCodes"/>) and a <see cref="Message"/> that names
/// the failing header member or claim. <see cref="Header"/> is set once the header parsed;
/// <see cref="Claims"/> and the time claims are set once the signature held and the claim set
/// parsed, even when a later claim check failed (so tools can explain an expired token).
/// </summary>
public sealed class TokenVerificationResult
{
    private readonly Func<string>? _messageFactory;
    private string? _message;

    private TokenVerificationResult(bool isValid, string? reason, string? message, TokenHeader? header, SessionClaims? claims, VerificationKey? key, Func<string>? messageFactory = null)
    {
        IsValid = isValid;
        Reason = reason;
        _message = message;
        _messageFactory = messageFactory;
        Header = header;
        Claims = claims;
        Key = key;
    }

    /// <summary>True when the token verified and every claim check passed.</summary>
    public bool IsValid { get; }

    /// <summary>The reason code when invalid (see <see cref="ReasonCodes"/>); null when valid.</summary>
    public string? Reason { get; }

    /// <summary>A human-readable explanation naming the claim or header member; null when valid. Never contains the token.</summary>
    public string? Message => _message ??= _messageFactory?.Invoke();

    /// <summary>The decoded header, once it parsed.</summary>
    public TokenHeader? Header { get; }

    /// <summary>The claims, once the signature verified and the claim set parsed.</summary>
    public SessionClaims? Claims { get; }

    /// <summary>The key whose signature check passed, when it did.</summary>
    public VerificationKey? Key { get; }

    /// <summary>The <c>iat</c> claim, for diagnostics (null until the claims parsed, or when absent).</summary>
    public DateTimeOffset? IssuedAt => Claims?.IssuedAt;

    /// <summary>The <c>nbf</c> claim, for diagnostics.</summary>
    public DateTimeOffset? NotBefore => Claims?.NotBefore;

    /// <summary>The <c>exp</c> claim, for diagnostics.</summary>
    public DateTimeOffset? ExpiresAt => Claims?.ExpiresAt;

    internal static TokenVerificationResult Success(TokenHeader header, SessionClaims claims, VerificationKey key) =>
        new(true, null, null, header, claims, key);

    internal static TokenVerificationResult Failure(string reason, string message, TokenHeader? header = null, SessionClaims? claims = null, VerificationKey? key = null) =>
        new(false, reason, message, header, claims, key);

    /// <summary>A failure whose message is formatted only when read (rejections stay as cheap as acceptances).</summary>
    internal static TokenVerificationResult Failure(string reason, Func<string> message, TokenHeader header, SessionClaims? claims = null, VerificationKey? key = null) =>
        new(false, reason, null, header, claims, key, message);

    /// <inheritdoc/>
    public override string ToString() => IsValid ? "valid" : $"invalid ({Reason}): {Message}";
}
