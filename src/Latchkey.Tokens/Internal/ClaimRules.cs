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
            lazy = ExpiredMessage(exp, times.Iat, nowMs, skew);
            return;
        }

        // h. nbf: not active while nbf*1000 > now + skew.
        if (times.Nbf is { } nbf && nbf * 1000 > nowMs + skew)
        {
            reason = ReasonCodes.TokenNotActiveYet;
            lazy = NotActiveMessage(nbf, times.Iat, nowMs, skew);
            return;
        }

        // i. iat: in the future while iat*1000 > now + skew.
        if (times.Iat is { } iat && iat * 1000 > nowMs + skew)
        {
            reason = ReasonCodes.TokenIatInTheFuture;
            lazy = IssuedInTheFutureMessage(iat, nowMs, skew);
        }
    }

    // Separate methods so that the closures are allocated only on these failure paths (a lambda in
    // Evaluate would allocate its captured state on every call, accepted tokens included). Each
    // message states the offset the token measures between this machine's clock and the issuer's:
    // a token cannot be issued after it arrives, so iat ahead of now bounds how far this clock is
    // behind; an expired token's age bounds how far it is ahead, if the token was fresh.
    private static Func<string> ExpiredMessage(double exp, double? iat, long nowMs, long skewMs) => () =>
    {
        double now = nowMs / 1000.0;
        string text = Invariant($"the token expired at {Format(exp)} (exp), now is {Format(now)}, clock skew {Seconds(skewMs)} s");
        if (iat is not { } issued || issued > exp)
        {
            return text;
        }

        double age = now - issued, lifetime = exp - issued;
        text += Invariant($"; it was issued {Span(age)} s ago by this machine's clock (iat), for {Span(lifetime)} s");
        return now - exp < lifetime
            ? text + Invariant($": if it was minted moments ago, this machine's clock is up to {Span(age)} s ahead of the issuer's; check the clock (NTP)")
            : text;
    };

    private static Func<string> NotActiveMessage(double nbf, double? iat, long nowMs, long skewMs) => () =>
    {
        double now = nowMs / 1000.0;
        double behind = iat is { } issued && issued >= nbf ? issued - now : nbf - now;
        string basis = iat is { } i && i >= nbf
            ? Invariant($"; the token was issued {Span(behind)} s in this machine's future (iat)")
            : string.Empty;
        return Invariant($"the token is not valid before {Format(nbf)} (nbf), now is {Format(now)}, clock skew {Seconds(skewMs)} s{basis}: this machine's clock is at least {Span(behind)} s behind the issuer's; check the clock (NTP)");
    };

    private static Func<string> IssuedInTheFutureMessage(double iat, long nowMs, long skewMs) => () =>
    {
        double now = nowMs / 1000.0;
        return Invariant($"the token was issued at {Format(iat)} (iat), {Span(iat - now)} s in this machine's future; now is {Format(now)}, clock skew {Seconds(skewMs)} s: this machine's clock is at least {Span(iat - now)} s behind the issuer's; check the clock (NTP)");
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Span(double seconds) => seconds.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Seconds(long ms) => (ms / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    private static string Format(double seconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Floor(seconds * 1000)).ToString("yyyy-MM-ddTHH:mm:ss.FFFZ", CultureInfo.InvariantCulture)
        + " (" + seconds.ToString("0.###", CultureInfo.InvariantCulture) + ")";
}
