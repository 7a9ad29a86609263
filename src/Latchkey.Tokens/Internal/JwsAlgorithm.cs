namespace Latchkey.Tokens.Internal;

/// <summary>The algorithms Latchkey knows; a key carries the subset it may verify.</summary>
[Flags]
internal enum JwsAlgorithm
{
    None = 0,
    RS256 = 1,
    RS384 = 2,
    RS512 = 4,
    ES256 = 8,
    EdDSA = 16,
    AllRsa = RS256 | RS384 | RS512,
    All = AllRsa | ES256 | EdDSA,
}

internal static class JwsAlgorithms
{
    public static string Name(JwsAlgorithm algorithm) => algorithm switch
    {
        JwsAlgorithm.RS256 => SigningAlgorithms.RS256,
        JwsAlgorithm.RS384 => SigningAlgorithms.RS384,
        JwsAlgorithm.RS512 => SigningAlgorithms.RS512,
        JwsAlgorithm.ES256 => SigningAlgorithms.ES256,
        JwsAlgorithm.EdDSA => SigningAlgorithms.EdDSA,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>Maps an exact (case-sensitive) algorithm name; <see cref="JwsAlgorithm.None"/> when unknown.</summary>
    public static JwsAlgorithm Parse(string? name) => name switch
    {
        SigningAlgorithms.RS256 => JwsAlgorithm.RS256,
        SigningAlgorithms.RS384 => JwsAlgorithm.RS384,
        SigningAlgorithms.RS512 => JwsAlgorithm.RS512,
        SigningAlgorithms.ES256 => JwsAlgorithm.ES256,
        SigningAlgorithms.EdDSA => JwsAlgorithm.EdDSA,
        _ => JwsAlgorithm.None,
    };

    public static IReadOnlyList<string> Names(JwsAlgorithm set)
    {
        var list = new List<string>(5);
        foreach (var a in (ReadOnlySpan<JwsAlgorithm>)[JwsAlgorithm.RS256, JwsAlgorithm.RS384, JwsAlgorithm.RS512, JwsAlgorithm.ES256, JwsAlgorithm.EdDSA])
        {
            if ((set & a) != 0)
            {
                list.Add(Name(a));
            }
        }

        return list;
    }

    public static System.Security.Cryptography.HashAlgorithmName Hash(JwsAlgorithm algorithm) => algorithm switch
    {
        JwsAlgorithm.RS384 => System.Security.Cryptography.HashAlgorithmName.SHA384,
        JwsAlgorithm.RS512 => System.Security.Cryptography.HashAlgorithmName.SHA512,
        _ => System.Security.Cryptography.HashAlgorithmName.SHA256,
    };
}
