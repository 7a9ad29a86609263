namespace Latchkey.AspNetCore.Tokens;

/// <summary>
/// What the classifier reads from a token before (or without) verifying it: header fields and
/// the few payload claims the protocol's heuristics use (suffixed-cookie choice §2.5, machine
/// classification §4.5, <c>iat</c> vs <c>__client_uat</c> §5.6 C13, the refresh <c>sid</c> §5.9).
/// Nothing here is trusted for an authentication decision.
/// </summary>
internal sealed record JwtPeek(
    string? Kid,
    string? Typ,
    bool HasTyp,
    string? Cat,
    string? Iss,
    bool HasTruthyIss,
    double? Iat,
    double? Exp,
    string? Sid,
    string? Sub)
{
    public const string CategorySession = "cl_B7d4PD111AAA";
    public const string CategoryTemplate = "cl_B7d4PD222AAA";
    public const string CategoryM2M = "cl_B7d4PD333AAA";
    public const string CategoryIgnore = "cl_I7d4PD111III";

    /// <summary>A <c>cat</c> other than absent, session or ignore (protocol.md §3.1, §5.5).</summary>
    public bool HasNonSessionCategory => Cat is not null && Cat != CategorySession && Cat != CategoryIgnore;

    /// <summary>An M2M JWT: <c>sub</c> starts <c>mch_</c>.</summary>
    public bool IsM2MJwt => Sub is not null && Sub.StartsWith("mch_", StringComparison.Ordinal);

    /// <summary>An OAuth access-token JWT: <c>typ</c> is <c>at+jwt</c> or <c>application/at+jwt</c> (RFC 9068).</summary>
    public bool IsOAuthJwt => Typ is "at+jwt" or "application/at+jwt";

    /// <summary>Neither a machine JWT nor of a non-session category: a token the session paths may accept (§5.5, C12).</summary>
    public bool IsSessionKind => !IsM2MJwt && !IsOAuthJwt && !HasNonSessionCategory;
}
