using Latchkey.AspNetCore.Internal;

namespace Latchkey.AspNetCore.Classification;

/// <summary>
/// The cookie names one instance's classifier reads (protocol.md §2.5, §5.2), un-suffixed and
/// suffixed, made once per instance instead of concatenated on every request. A request's
/// <c>Cookie</c> header is parsed against this list only (<see cref="CookieHeaderParser.ParseNamed(string?, CookieNames, Tokens.ITokenInterner?)"/>):
/// other cookies are skipped without a copy.
/// </summary>
internal sealed class CookieNames
{
    public CookieNames(string suffix)
    {
        SuffixedSession = Names.Cookies.Session + "_" + suffix;
        SuffixedClientUat = Names.Cookies.ClientUat + "_" + suffix;
        SuffixedDevBrowser = Names.Cookies.DevBrowser + "_" + suffix;
        SuffixedRefresh = Names.Cookies.Refresh + "_" + suffix;
        // In the order of the index constants below.
        All =
        [
            Names.Cookies.Session, SuffixedSession, Names.Cookies.ClientUat, SuffixedClientUat, Names.Cookies.DevBrowser,
            SuffixedDevBrowser, SuffixedRefresh, Names.Cookies.Handshake, Names.Cookies.HandshakeNonce, Names.Cookies.RedirectCount,
        ];
    }

    /// <summary>
    /// The value of <paramref name="name"/> (one of <see cref="All"/>, passed as that same string) in
    /// values parsed against this list, or null when absent or sent empty.
    /// </summary>
    public string? ValueOf(ReadOnlySpan<string?> values, string name)
    {
        for (var i = 0; i < All.Length; i++)
        {
            if (ReferenceEquals(All[i], name))
            {
                return string.IsNullOrEmpty(values[i]) ? null : values[i];
            }
        }

        throw new ArgumentException($"The classifier does not read the cookie {name}.", nameof(name));
    }

    /// <summary>How many cookies the classifier reads (the length of <see cref="All"/>; at most 31, a parse reports them as bits of an <see cref="int"/>).</summary>
    public const int Count = 10;

    /// <summary>The index of <see cref="Names.Cookies.Session"/> in <see cref="All"/>.</summary>
    public const int SessionIndex = 0;

    /// <summary>The index of <see cref="SuffixedSession"/> in <see cref="All"/>.</summary>
    public const int SuffixedSessionIndex = 1;

    /// <summary>The index of <see cref="Names.Cookies.ClientUat"/> in <see cref="All"/>.</summary>
    public const int ClientUatIndex = 2;

    /// <summary>The index of <see cref="SuffixedClientUat"/> in <see cref="All"/>.</summary>
    public const int SuffixedClientUatIndex = 3;

    /// <summary>The index of <see cref="Names.Cookies.Handshake"/> in <see cref="All"/>.</summary>
    public const int HandshakeIndex = 7;

    /// <summary>The index of <see cref="Names.Cookies.HandshakeNonce"/> in <see cref="All"/>.</summary>
    public const int HandshakeNonceIndex = 8;

    public string SuffixedSession { get; }

    public string SuffixedClientUat { get; }

    public string SuffixedDevBrowser { get; }

    public string SuffixedRefresh { get; }

    /// <summary>Every name read, in a fixed order (the index of a value in a parsed header).</summary>
    public string[] All { get; }

    /// <summary>The suffixed form of <see cref="Names.Cookies.Session"/>, <see cref="Names.Cookies.ClientUat"/> or <see cref="Names.Cookies.DevBrowser"/>.</summary>
    public string Suffixed(string baseName) => baseName switch
    {
        Names.Cookies.Session => SuffixedSession,
        Names.Cookies.ClientUat => SuffixedClientUat,
        Names.Cookies.DevBrowser => SuffixedDevBrowser,
        Names.Cookies.Refresh => SuffixedRefresh,
        _ => throw new ArgumentOutOfRangeException(nameof(baseName), baseName, "Not a suffixed cookie of the protocol."),
    };

    /// <summary>The index of <paramref name="name"/> in <see cref="All"/>, or -1.</summary>
    public int IndexOf(ReadOnlySpan<char> name)
    {
        for (var i = 0; i < All.Length; i++)
        {
            if (name.SequenceEqual(All[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
