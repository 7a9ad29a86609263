using System.Globalization;
using Latchkey.Server.HostedPages.Markup;
using Latchkey.Server.Instance;

namespace Latchkey.Server.HostedPages;

/// <summary>
/// The document around every hosted page: <c>lang</c>, viewport, the hashed stylesheet and icon,
/// a banner with the brand, one <c>main</c> card (its <c>h1</c> comes from the page) and a
/// footer that says when the instance is a development one.
/// </summary>
internal sealed class PageLayout(PageAssets assets, InstanceIdentity instance)
{
    /// <summary>The key mark of the brand, drawn with presentation attributes (no inline style, which the CSP forbids).</summary>
    private static readonly Html Logo = Html.Of($"""<svg viewBox="0 0 32 32" aria-hidden="true" focusable="false"><rect width="32" height="32" rx="8" fill="#3d3ab8"/><circle cx="11.5" cy="16" r="4.5" fill="none" stroke="#fff" stroke-width="3"/><path d="M16 16h10m-3.5 0v4.5M19 16v3" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round"/></svg>""");

    /// <summary>A whole page. <paramref name="title"/> gets an "Error: " prefix when the page shows one, so screen readers announce it first.</summary>
    public Html Document(string title, Html main, bool hasError, bool wide = false)
    {
        var fullTitle = (hasError ? "Error: " : string.Empty) + title + " · Latchkey";
        var footer = instance.IsDevelopment
            ? Html.Of($"""<footer class="page-footer"><span class="dev">Development instance</span> · <a href="/dev/mailbox">Mailbox</a></footer>""")
            : Html.Of($"""<footer class="page-footer">Secured by Latchkey</footer>""");
        return Html.Of($"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex">
            <title>{fullTitle}</title>
            <link rel="stylesheet" href="{assets.StylesheetPath}">
            <link rel="icon" type="image/svg+xml" href="{assets.IconPath}">
            </head>
            <body>
            <header><a class="brand" href="{PageNames.Landing}">{Logo}<span>Latchkey</span></a></header>
            <main class="{(wide ? "card wide" : "card")}">
            {main}
            </main>
            {footer}
            </body>
            </html>

            """);
    }

    /// <summary>A path with the query parameters that carry a flow from page to page (null values are left out).</summary>
    public static string Link(string path, params (string Name, string? Value)[] query)
    {
        var parts = query.Where(q => !string.IsNullOrEmpty(q.Value)).Select(q => q.Name + "=" + Uri.EscapeDataString(q.Value!)).ToList();
        return parts.Count == 0 ? path : path + "?" + string.Join('&', parts);
    }

    /// <summary>Host and port of a URL, for "to continue to 127.0.0.1:5200".</summary>
    public static string HostOf(Uri url) => url.IsDefaultPort ? url.IdnHost : url.IdnHost + ":" + url.Port.ToString(CultureInfo.InvariantCulture);
}
