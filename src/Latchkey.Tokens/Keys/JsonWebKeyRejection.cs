namespace Latchkey.Tokens;

/// <summary>A key of a JWK Set that <see cref="VerificationKeySet.FromJwks(JsonWebKeySet)"/> left out, and why.</summary>
/// <param name="Kid">The key's <c>kid</c>, when it has one.</param>
/// <param name="Reason">Why the key is not usable (for logs and <c>latchkey token verify</c>).</param>
public sealed record JsonWebKeyRejection(string? Kid, string Reason);
