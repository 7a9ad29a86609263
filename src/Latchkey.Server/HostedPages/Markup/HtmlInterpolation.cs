using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Latchkey.Server.HostedPages.Markup;

/// <summary>
/// The interpolated-string handler behind <see cref="Html.Of(ref HtmlInterpolation)"/>: literal
/// parts are markup written by the programmer, every hole is HTML-encoded text unless it is
/// already <see cref="Html"/>. There is deliberately no overload for arbitrary objects, so a
/// value of an unexpected type does not compile rather than render.
/// </summary>
[InterpolatedStringHandler]
internal ref struct HtmlInterpolation
{
    private StringBuilder? _builder;

    public HtmlInterpolation(int literalLength, int formattedCount) =>
        _builder = new StringBuilder(literalLength + (formattedCount * 16));

    public void AppendLiteral(string markup) => _builder!.Append(markup);

    public void AppendFormatted(Html html) => _builder!.Append(html.ToString());

    public void AppendFormatted(IEnumerable<Html> fragments)
    {
        foreach (var fragment in fragments)
        {
            _builder!.Append(fragment.ToString());
        }
    }

    public void AppendFormatted(string? text) => _builder!.Append(Html.Encode(text));

    public void AppendFormatted(int number) => _builder!.Append(number.ToString(CultureInfo.InvariantCulture));

    public void AppendFormatted(long number) => _builder!.Append(number.ToString(CultureInfo.InvariantCulture));

    public string ToStringAndClear()
    {
        var text = _builder?.ToString() ?? string.Empty;
        _builder = null;
        return text;
    }
}
