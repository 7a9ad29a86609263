namespace Latchkey.Tokens;

/// <summary>A token decoded by <see cref="JwtDecoder"/> without any signature check: nothing in it is trusted.</summary>
/// <param name="Header">The header.</param>
/// <param name="Claims">The claims, type-checked but unverified.</param>
public sealed record DecodedToken(TokenHeader Header, SessionClaims Claims);
