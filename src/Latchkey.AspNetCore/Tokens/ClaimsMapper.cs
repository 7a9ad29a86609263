using Latchkey.Tokens;

namespace Latchkey.AspNetCore.Tokens;

/// <summary>Maps the token core's claims model onto this package's public <see cref="LatchkeySessionClaims"/>.</summary>
internal static class ClaimsMapper
{
    public static LatchkeySessionClaims ToSessionClaims(SessionClaims claims) => new(
        claims.Root.Clone(),
        claims.Subject ?? string.Empty,
        claims.SessionId,
        claims.SessionStatus,
        claims.Issuer,
        claims.AuthorizedParty,
        claims.IssuedAt ?? DateTimeOffset.UnixEpoch,
        claims.ExpiresAt ?? DateTimeOffset.UnixEpoch,
        claims.OrganizationId,
        claims.OrganizationSlug,
        claims.OrganizationRole,
        claims.OrganizationPermissions,
        claims.FactorVerificationAge is { } fva ? [fva.FirstFactorMinutes, fva.SecondFactorMinutes] : null,
        claims.TryGetClaim("act", out var act) ? act.Clone() : null);

    public static JwtPeek ToPeek(DecodedToken decoded)
    {
        var claims = decoded.Claims;
        var header = decoded.Header;
        return new JwtPeek(
            header.KeyId,
            header.Type,
            header.Type is not null,
            header.Category,
            claims.Issuer,
            !string.IsNullOrEmpty(claims.Issuer),
            claims.IssuedAt is { } iat ? iat.ToUnixTimeMilliseconds() / 1000.0 : null,
            claims.ExpiresAt is { } exp ? exp.ToUnixTimeMilliseconds() / 1000.0 : null,
            claims.SessionId,
            claims.Subject);
    }
}
