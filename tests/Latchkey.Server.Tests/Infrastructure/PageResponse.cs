using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Latchkey.Server.Tests.Infrastructure;

/// <summary>A hosted page's answer: status, headers and HTML, with the few lookups the tests need.</summary>
public sealed partial class PageResponse(HttpStatusCode status, string html, HttpResponseHeaders headers, HttpContentHeaders contentHeaders)
{
    public HttpStatusCode Status { get; } = status;

    public string Html { get; } = html;

    public HttpResponseHeaders Headers { get; } = headers;

    public HttpContentHeaders ContentHeaders { get; } = contentHeaders;

    /// <summary>The Location of a redirect, as sent.</summary>
    public string? Location => Headers.Location?.OriginalString;

    public string Header(string name) =>
        Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : ContentHeaders.TryGetValues(name, out var content) ? string.Join(", ", content) : string.Empty;

    public IEnumerable<string> SetCookies => Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    /// <summary>The CSRF token of the page's forms, or null.</summary>
    public string? CsrfToken => CsrfPattern().Match(Html) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>Every error the page shows: (code, field or "form").</summary>
    public IReadOnlyList<(string Code, string For)> Errors =>
        [.. ErrorPattern().Matches(Html).Select(m => (m.Groups[1].Value, m.Groups[2].Value))];

    /// <summary>The code of the error shown next to <paramref name="field"/>, or null.</summary>
    public string? ErrorFor(string field) => Errors.FirstOrDefault(e => e.For == field).Code;

    /// <summary>The opening tag of the input named <paramref name="name"/>.</summary>
    public string Input(string name) => Regex.Match(Html, $"<input id=\"{Regex.Escape(name)}\"[^>]*>").Value;

    public PageResponse EnsureStatus(HttpStatusCode expected)
    {
        if (Status != expected)
        {
            throw new Xunit.Sdk.XunitException($"Expected {(int)expected}, got {(int)Status} (Location: {Location}): {Html}");
        }

        return this;
    }

    [GeneratedRegex("name=\"_csrf\" value=\"([A-Za-z0-9_-]+)\"")]
    private static partial Regex CsrfPattern();

    [GeneratedRegex("data-error-code=\"([a-z_]+)\" data-error-for=\"([a-z_]+)\"")]
    private static partial Regex ErrorPattern();
}
