namespace Latchkey.Tokens;

/// <summary>Which kind of token a verifier accepts.</summary>
public enum TokenKind
{
    /// <summary>
    /// Session tokens (the default): header <c>cat</c> absent, session or ignore; <c>sid</c>
    /// required; template and M2M categories, machine subjects (<c>mch_</c>) and OAuth access
    /// tokens (<c>typ</c> <c>at+jwt</c>) rejected.
    /// </summary>
    Session = 0,

    /// <summary>
    /// JWT-template tokens (<c>getToken({ template })</c>): like <see cref="Session"/> but the
    /// template category is accepted and <c>sid</c> is optional. M2M and OAuth tokens are still rejected.
    /// </summary>
    Template = 1,
}
