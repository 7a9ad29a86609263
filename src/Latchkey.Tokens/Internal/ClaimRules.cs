using System.Globalization;

namespace Latchkey.Tokens.Internal;

/// <summary>The claim checks that follow a good signature, in the protocol's order (§4.1 d–i), plus Latchkey's own.</summary>
internal static class ClaimRules
{
    public static TokenVerificationResult Check(ValidationSettings settings, long nowMs, TokenHeader header, SessionClaims claims, ClaimsReader.TimeValues times, VerificationKey key)
    {
        string? reason = null, message = null;
        Func<string>? lazy = null;
        Evaluate(settings, nowMs, claims, times, ref reason, ref message, ref lazy);
        if (reason is null)
        {
            return TokenVerificationResult.Success(header, claims, key);
        }

        return lazy is not null
            ? TokenVerificationResult.Failure(reason, lazy, header, claims, key)
            : TokenVerificationResult.Failure(reason, message!, header, claims, key);
    }

    private static void Evaluate(ValidationSettings settings, long nowMs, SessionClaims claims, ClaimsReader.TimeValues times, ref string? reason, ref string? message, ref Func<string>? lazy)
    {
        // d. sub: a non-empty string.
        if (claims.SubjectIsNullOrEmpty)
        {
            (reason, message) = (ReasonCodes.TokenVerificationFailed, "the claim \"sub\" is missing or empty");
            return;
        }

        // Kind rules: machine subjects and OAuth access tokens are not session tokens; sessions need sid.
        if (claims.SubjectStartsWith("mch_"u8))
        {
            (reason, message) = (ReasonCodes.TokenInvalid, "the claim \"sub\" is a machine id (mch_...); a session token was expected");
            return;
        }

        if (settings.Kind == TokenKind.Session && claims.SessionIdIsNullOrEmpty)
        {
            (reason, message) = (ReasonCodes.TokenVerificationFailed, "the claim \"sid\" is missing or empty; a session token carries its session id");
            return;
        }

        // e. aud: when audiences are configured the token must name one of them.
        if (settings.Audiences.Length > 0 && !claims.Audiences.Any(a => Array.IndexOf(settings.Audiences, a) >= 0))
        {
            (reason, message) = (ReasonCodes.TokenVerificationFailed, claims.Audiences.Count == 0
                ? "the claim \"aud\" is missing; an audience is configured"
                : $"the claim \"aud\" names none of the configured audiences ({string.Join(", ", settings.Audiences)})");
            return;
        }

        // f. azp: when authorized parties are configured it must be present and listed.
        if (settings.AuthorizedParties.Length > 0 && (claims.AuthorizedParty is null || Array.IndexOf(settings.AuthorizedParties, claims.AuthorizedParty) < 0))
        {
            (reason, message) = (ReasonCodes.TokenInvalidAuthorizedParties, claims.AuthorizedParty is null
                ? "the claim \"azp\" is missing; authorized parties are configured"
                : $"the claim \"azp\" is \"{TokenVerifier.Printable(claims.AuthorizedParty)}\"; expected {string.Join(" or ", settings.AuthorizedParties)}");
            return;
        }

        // iss: exact match (Latchkey always checks it; token-invalid-issuer), after azp as @clerk/backend 3.25.0.
        if (settings.ValidateIssuer && (claims.Issuer is null || Array.IndexOf(settings.Issuers, claims.Issuer) < 0))
        {
            (reason, message) = (ReasonCodes.TokenInvalidIssuer, claims.Issuer is null
                ? "the claim \"iss\" is missing"
                : $"the claim \"iss\" is \"{TokenVerifier.Printable(claims.Issuer)}\"; expected {string.Join(" or ", settings.Issuers)}");
            return;
        }

        long skew = settings.ClockSkewMs;

        // g. exp: required; expired when exp*1000 <= now - skew.
        if (times.Exp is not { } exp)
        {
            (reason, message) = (ReasonCodes.TokenVerificationFailed, "the claim \"exp\" is missing");
            return;
        }

        if (exp * 1000 <= nowMs - skew)
        {
            reason = ReasonCodes.TokenExpired;
            lazy = TimeMessage("the token expired at {0} (exp), now is {1}, clock skew {2} s", exp, nowMs, skew);
            return;
        }

        // h. nbf: not active while nbf*1000 > now + skew.
        if (times.Nbf is { } nbf && nbf * 1000 > nowMs + skew)
        {
            reason = ReasonCodes.TokenNotActiveYet;
            lazy = TimeMessage("the token is not valid before {0} (nbf), now is {1}, clock skew {2} s", nbf, nowMs, skew);
            return;
        }

        // i. iat: in the future while iat*1000 > now + skew.
        if (times.Iat is { } iat && iat * 1000 > nowMs + skew)
        {
            reason = ReasonCodes.TokenIatInTheFuture;
            lazy = TimeMessage("the token was issued at {0} (iat), in the future; now is {1}, clock skew {2} s", iat, nowMs, skew);
        }
    }

    // A separate method so that the closure is allocated only on this failure path (a lambda in
    // Evaluate would allocate its captured state on every call, accepted tokens included).
    private static Func<string> TimeMessage(string format, double claim, long nowMs, long skewMs) =>
        () => string.Format(CultureInfo.InvariantCulture, format, Format(claim), Format(nowMs / 1000.0), Seconds(skewMs));

    private static string Seconds(long ms) => (ms / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    private static string Format(double seconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Floor(seconds * 1000)).ToString("yyyy-MM-ddTHH:mm:ss.FFFZ", CultureInfo.InvariantCulture)
        + " (" + seconds.ToString("0.###", CultureInfo.InvariantCulture) + ")";
}
