using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Latchkey.Server.HostedPages.Markup;

/// <summary>
/// A fragment of HTML that is safe to write. The only ways to make one are
/// <see cref="Of(ref HtmlInterpolation)"/> (literal markup written in the code, every
/// interpolated value HTML-encoded unless it is itself an <see cref="Html"/>),
/// <see cref="Text"/> (encoded text) and <see cref="Join"/>. Nothing from a request can become
/// markup. Interpolate only into element text or double-quoted attribute values, and only
/// URLs that were built or validated by the server into <c>href</c>/<c>action</c>.
/// </summary>
internal readonly struct Html
{
    /// <summary>Encodes <c>&lt; &gt; &amp; " '</c> and control characters; letters of every script stay readable.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly string? _markup;

    private Html(string markup) => _markup = markup;

    public static Html Empty => default;

    public bool IsEmpty => string.IsNullOrEmpty(_markup);

    /// <summary>Markup from an interpolated string: literals verbatim, holes encoded.</summary>
    public static Html Of(ref HtmlInterpolation html) => new(html.ToStringAndClear());

    /// <summary>Encoded text.</summary>
    public static Html Text(string? text) => new(Encode(text));

    /// <summary>The fragments one after another.</summary>
    public static Html Join(IEnumerable<Html> fragments) => new(string.Concat(fragments.Select(f => f._markup)));

    /// <summary>Only <paramref name="html"/> when <paramref name="condition"/> holds.</summary>
    public static Html If(bool condition, ref HtmlInterpolation html)
    {
        var markup = html.ToStringAndClear();
        return condition ? new Html(markup) : Empty;
    }

    internal static string Encode(string? text) => string.IsNullOrEmpty(text) ? string.Empty : Encoder.Encode(text);

    public override string ToString() => _markup ?? string.Empty;
}
