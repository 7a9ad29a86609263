using Latchkey.Tokens;

namespace Latchkey.Server.Tests.Infrastructure;

/// <summary>Verifies minted tokens with the token core against the server's published JWKS.</summary>
public static class TokenAssertions
{
    public static async Task<TokenVerificationResult> VerifyAsync(LatchkeyTestServer server, string jwt, TimeProvider? time = null)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var jwks = await http.GetStringAsync(".well-known/jwks.json");
        var options = new TokenValidationOptions();
        options.ValidIssuers.Add(server.Origin);
        return new TokenVerifier(options, time ?? server.Time ?? TimeProvider.System).Verify(jwt, VerificationKeySet.FromJwks(jwks));
    }
}
