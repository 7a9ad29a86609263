using System.Globalization;
using Latchkey.Server.HostedPages.Markup;

namespace Latchkey.Server.HostedPages;

/// <summary>One input of a form: its name, label and the browser hints that help people fill it in.</summary>
internal sealed record FieldSpec(string Name, string Label, string Type = "text")
{
    /// <summary>The <c>autocomplete</c> token (WCAG 1.3.5), e.g. <c>email</c>, <c>current-password</c>.</summary>
    public string? Autocomplete { get; init; }

    /// <summary>False marks the label "(optional)".</summary>
    public bool Required { get; init; } = true;

    public int? MaxLength { get; init; }

    /// <summary>A sentence under the input, linked with <c>aria-describedby</c>.</summary>
    public string? Hint { get; init; }

    public string? InputMode { get; init; }

    public string? Pattern { get; init; }

    public string? CssClass { get; init; }

    /// <summary>Identifiers and codes: no automatic capitals or spelling marks.</summary>
    public bool Verbatim { get; init; }
}

/// <summary>Renders labelled inputs with their hint and error, the CSRF field and form-level messages.</summary>
internal static class FormFields
{
    /// <summary>
    /// A labelled input. Its error (if any) sits right under it with <c>data-error-code</c>, is
    /// named by <c>aria-describedby</c> and marks the input <c>aria-invalid</c>.
    /// </summary>
    public static Html Field(FieldSpec spec, FormState form, bool autofocus)
    {
        var error = form.Error(spec.Name);
        var hintId = spec.Name + "-hint";
        var errorId = spec.Name + "-error";
        var describedBy = string.Join(' ', new[] { spec.Hint is null ? null : hintId, error is null ? null : errorId }.Where(id => id is not null));
        // A password is never written back into the page.
        var value = spec.Type == "password" ? null : form.Value(spec.Name);
        var attributes = Html.Join(
        [
            Attribute("value", value),
            Attribute("autocomplete", spec.Autocomplete),
            Attribute("maxlength", spec.MaxLength?.ToString(CultureInfo.InvariantCulture)),
            Attribute("inputmode", spec.InputMode),
            Attribute("pattern", spec.Pattern),
            Attribute("class", spec.CssClass),
            Attribute("aria-describedby", describedBy.Length == 0 ? null : describedBy),
            Attribute("aria-invalid", error is null ? null : "true"),
            Attribute("autocapitalize", spec.Verbatim ? "none" : null),
            Attribute("spellcheck", spec.Verbatim ? "false" : null),
            Flag("required", spec.Required),
            Flag("autofocus", autofocus),
        ]);
        var optional = spec.Required ? Html.Empty : Html.Of($""" <span class="optional">(optional)</span>""");
        var hint = spec.Hint is null ? Html.Empty : Html.Of($"""<p class="hint" id="{hintId}">{spec.Hint}</p>""");
        var message = error is null ? Html.Empty
            : Html.Of($"""<p class="error" id="{errorId}" data-error-code="{error.Code}" data-error-for="{spec.Name}"><span class="visually-hidden">Error: </span>{error.Message}</p>""");
        return Html.Of($"""
            <div class="field">
            <label for="{spec.Name}">{spec.Label}{optional}</label>
            <input id="{spec.Name}" name="{spec.Name}" type="{spec.Type}"{attributes}>
            {hint}{message}
            </div>

            """);
    }

    /// <summary>The fields in order; the first invalid one (else, with <paramref name="focusFirst"/>, the first one) is focused on load.</summary>
    public static Html Fields(IReadOnlyList<FieldSpec> fields, FormState form, bool focusFirst = true)
    {
        var focus = fields.FirstOrDefault(f => form.Error(f.Name) is not null)?.Name
            ?? (form.FormError is null && focusFirst ? fields.FirstOrDefault()?.Name : null);
        return Html.Join(fields.Select(f => Field(f, form, f.Name == focus)));
    }

    /// <summary>The hidden CSRF token every POST form carries.</summary>
    public static Html Csrf(string token) =>
        Html.Of($"""<input type="hidden" name="{PageNames.CsrfField}" value="{token}">""");

    /// <summary>The form-level error, if any: an alert at the top of the form.</summary>
    public static Html FormError(FormState form) => form.FormError is { } error
        ? Html.Of($"""<div class="alert" role="alert" data-error-code="{error.Code}" data-error-for="form">{error.Message}</div>""")
        : Html.Empty;

    /// <summary>A one-line confirmation (a code was sent, the browser signed out).</summary>
    public static Html Notice(string key, string text) =>
        Html.Of($"""<div class="notice" role="status" data-notice="{key}">{text}</div>""");

    private static Html Attribute(string name, string? value) =>
        value is null ? Html.Empty : Html.Of($" {Html.Text(name)}=\"{value}\"");

    private static Html Flag(string name, bool on) => on ? Html.Of($" {Html.Text(name)}") : Html.Empty;
}
