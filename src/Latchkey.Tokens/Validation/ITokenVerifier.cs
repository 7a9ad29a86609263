namespace Latchkey.Tokens;

/// <summary>Verifies session tokens against a key set; implemented by <see cref="TokenVerifier"/> and <see cref="VerifiedTokenCache"/>.</summary>
public interface ITokenVerifier
{
    /// <summary>Verifies <paramref name="token"/> with <paramref name="keys"/>. Never throws for bad input.</summary>
    TokenVerificationResult Verify(string? token, VerificationKeySet keys);
}
