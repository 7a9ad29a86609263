using Latchkey.Tokens;

namespace Latchkey.Cli.Commands.Token.Verify;

/// <summary>The keys the user named, ready for the verifier, with what the report says about them.</summary>
/// <param name="Set">The verification key set (key-id mode for a JWKS, PEM mode for a PEM).</param>
/// <param name="Kind"><c>jwks</c> or <c>pem</c>.</param>
/// <param name="Location">The file path or URL as given.</param>
/// <param name="Rejected">Keys of the JWKS that cannot verify anything, with the reason.</param>
internal sealed record LoadedKeys(VerificationKeySet Set, string Kind, string Location, IReadOnlyList<JsonWebKeyRejection> Rejected)
{
    /// <summary>The key ids of the usable keys (in PEM mode, the placeholder id of the one key).</summary>
    public IReadOnlyList<string> Kids => [.. Set.Keys.Select(k => k.Kid)];
}
