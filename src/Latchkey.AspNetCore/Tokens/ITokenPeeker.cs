namespace Latchkey.AspNetCore.Tokens;

/// <summary>
/// Reads a token without verifying it (header fields and the few claims the protocol's
/// heuristics use). Implemented by the token core, and by the per-request context, which
/// remembers what it read so that one request decodes each token at most once.
/// </summary>
internal interface ITokenPeeker
{
    /// <summary>Decodes a compact JWS without verifying it; null when it is not one.</summary>
    JwtPeek? Peek(string token);
}

/// <summary>
/// Returns the shared string instance of a token text the token core already knows (one that
/// verified before), or null; lets request parsing skip copying a known token out of a header.
/// </summary>
internal interface ITokenInterner
{
    /// <summary>The known token equal to <paramref name="text"/>, or null.</summary>
    /// <param name="text">A candidate token text (a cookie value, the credential of an <c>Authorization</c> header).</param>
    string? Intern(ReadOnlySpan<char> text);
}
