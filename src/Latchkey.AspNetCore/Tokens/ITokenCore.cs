namespace Latchkey.AspNetCore.Tokens;

/// <summary>
/// The token operations the classifier needs, all implemented by <c>Latchkey.Tokens</c> (this
/// package writes no JWT or JWK code of its own). One instance per scheme configuration: it
/// holds that instance's keys (PEM or remote JWKS), issuer, parties, audience and skew.
/// </summary>
internal interface ITokenCore : ITokenPeeker
{
    /// <summary>
    /// Finds a token that verified before by its text: the shared string instance and its entry
    /// (peek, last verification). Says nothing about validity (the token may have expired since).
    /// </summary>
    /// <param name="text">The candidate token text.</param>
    /// <param name="token">The known token's string instance.</param>
    /// <param name="known">Its entry.</param>
    bool TryGetKnown(ReadOnlySpan<char> text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? token, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out KnownToken? known);

    /// <summary>
    /// Whether verifying may wait on the network (a remote JWKS); false with a PEM key, whose
    /// verification ignores its cancellation token, so callers need not obtain one.
    /// </summary>
    bool UsesRemoteKeys { get; }

    /// <summary>
    /// Verifies a session token (§4.1 hardened: keys, <c>alg</c>, signature, <c>typ</c>, <c>cat</c>,
    /// <c>sub</c>, <c>aud</c>, <c>azp</c>, <c>iss</c>, <c>exp</c>/<c>nbf</c>/<c>iat</c>).
    /// </summary>
    /// <param name="token">The compact token.</param>
    /// <param name="now">The time to judge at.</param>
    /// <param name="cancellationToken">Cancels a JWKS fetch.</param>
    ValueTask<TokenCheck> VerifySessionTokenAsync(string token, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Verifies a known session token (one <see cref="TryGetKnown"/> found, with its entry) when
    /// that needs no wait: always with a PEM key, and with remote keys while the cached key set
    /// is fresh and has the token's <c>kid</c>. The answer is the one
    /// <see cref="VerifySessionTokenAsync"/> would give; false means "not now" (the caller takes
    /// the full path), never "invalid".
    /// </summary>
    bool TryVerifyKnownSessionToken(string token, KnownToken known, DateTimeOffset now, out TokenCheck check);

    /// <summary>
    /// Verifies a legacy signed handshake payload (§6.4): key by <c>kid</c>, <c>typ</c> absent or
    /// <c>JWT</c>, <c>alg</c> allow-list, session or absent category, signature; then, beyond the
    /// reference (which checks no times), an <c>exp</c> that is present must be a number and not
    /// past (<c>token-expired</c>, with the clock skew). Returns the <c>handshake</c> directive
    /// list, or a failure.
    /// </summary>
    ValueTask<HandshakePayloadCheck> VerifyHandshakePayloadAsync(string token, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Verifies an M2M or OAuth access-token JWT locally (§4.5).</summary>
    ValueTask<MachineCheck> VerifyMachineJwtAsync(string token, LatchkeyTokenTypes type, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>The directives of a verified legacy handshake payload, or why it failed.</summary>
internal sealed record HandshakePayloadCheck(IReadOnlyList<string>? Directives, string? Reason, string? Message);

/// <summary>The identity behind a machine token, or why it failed (machine codes of §4.5).</summary>
internal sealed record MachineCheck(LatchkeyMachineIdentity? Identity, LatchkeyTokenTypes TokenType, string? Code, string? Message)
{
    public static MachineCheck Failed(LatchkeyTokenTypes type, string code, string message, int? status = null) =>
        new(null, type, code, $"{message} (code={code}, status={(status is { } s ? s.ToString(System.Globalization.CultureInfo.InvariantCulture) : "n/a")})");
}
