namespace Latchkey.Tokens;

/// <summary>An earlier signing key's public half, kept for verification until <paramref name="RetireAt"/>.</summary>
/// <param name="Key">The public key.</param>
/// <param name="RetireAt">When the last token the key signed has expired (rotation time + max token lifetime + clock skew).</param>
public sealed record RetiredKey(VerificationKey Key, DateTimeOffset RetireAt);
