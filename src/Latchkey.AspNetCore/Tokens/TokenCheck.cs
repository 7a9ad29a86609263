namespace Latchkey.AspNetCore.Tokens;

/// <summary>The outcome of verifying a session token: the claims, or a reason code and a message.</summary>
internal sealed record TokenCheck(LatchkeySessionClaims? Claims, string? Reason, string? Message, string? Action = null)
{
    public bool IsValid => Claims is not null;

    public static TokenCheck Valid(LatchkeySessionClaims claims) => new(claims, null, null);

    public static TokenCheck Invalid(string reason, string message, string? action = null) => new(null, reason, message, action);

    /// <summary>The protocol's full message: <c>&lt;message&gt; &lt;action?&gt; (reason=&lt;reason&gt;, token-carrier=&lt;carrier&gt;)</c> (§4.2).</summary>
    public string FullMessage(string carrier) =>
        $"{string.Join(' ', new[] { Message, Action }.Where(s => !string.IsNullOrEmpty(s)))} (reason={Reason}, token-carrier={carrier})";
}
