namespace Latchkey.Tokens;

/// <summary>
/// Values of the token header <c>cat</c> (protocol §3.1): which product minted the token. A
/// session token carries <see cref="Session"/> (older tokens carry none); the verifier in
/// <see cref="TokenKind.Session"/> mode rejects <see cref="Template"/> and <see cref="Machine"/>.
/// </summary>
public static class TokenCategories
{
    /// <summary>Session token category.</summary>
    public const string Session = "cl_B7d4PD111AAA";

    /// <summary>JWT-template token category.</summary>
    public const string Template = "cl_B7d4PD222AAA";

    /// <summary>Machine-to-machine (M2M) token category.</summary>
    public const string Machine = "cl_B7d4PD333AAA";

    /// <summary>"Ignore / no information" category; accepted like an absent one.</summary>
    public const string Ignore = "cl_I7d4PD111III";
}
