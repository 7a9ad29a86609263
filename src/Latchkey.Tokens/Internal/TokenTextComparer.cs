using System.Runtime.InteropServices;

namespace Latchkey.Tokens.Internal;

/// <summary>
/// The key comparer of caches keyed by token text (the verified-token cache, and the ASP.NET Core
/// package's known tokens): ordinal equality over the whole text, and a randomized hash
/// (<see cref="HashCode.AddBytes"/>, seeded per process) of the length and the last
/// <see cref="HashedTail"/> characters only.
/// </summary>
/// <remarks>
/// The last characters of a JWS lie in its signature, so they differ between any two tokens, and
/// hashing 64 characters instead of the ~1,000 of a session token takes a fraction of the time
/// (string hashing of the whole token measured ~0.3 µs, about as much as the rest of a cached
/// verification). The caches only ever insert tokens that verified, so no client chooses the
/// keys: texts that a client crafts to share a cached token's tail all land in that one entry's
/// bucket and are told apart by the full comparison, which a lookup always makes.
/// </remarks>
internal sealed class TokenTextComparer : IEqualityComparer<string>, IAlternateEqualityComparer<ReadOnlySpan<char>, string>
{
    /// <summary>How many characters at the end of a token its hash covers.</summary>
    public const int HashedTail = 64;

    /// <summary>The one instance.</summary>
    public static readonly TokenTextComparer Instance = new();

    private TokenTextComparer()
    {
    }

    /// <inheritdoc/>
    public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

    /// <inheritdoc/>
    public int GetHashCode(string obj) => Hash(obj);

    /// <inheritdoc/>
    public bool Equals(ReadOnlySpan<char> alternate, string other) => alternate.SequenceEqual(other);

    /// <inheritdoc/>
    public int GetHashCode(ReadOnlySpan<char> alternate) => Hash(alternate);

    /// <inheritdoc/>
    public string Create(ReadOnlySpan<char> alternate) => alternate.ToString();

    private static int Hash(ReadOnlySpan<char> text)
    {
        var hash = default(HashCode);
        hash.Add(text.Length);
        hash.AddBytes(MemoryMarshal.AsBytes(text.Length > HashedTail ? text[^HashedTail..] : text));
        return hash.ToHashCode();
    }
}
