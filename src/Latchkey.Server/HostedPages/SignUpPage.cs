using Latchkey.Server.Configuration;
using Latchkey.Server.FrontendApi.Http;
using Latchkey.Server.FrontendApi.SignUps;
using Latchkey.Server.HostedPages.Markup;
using Latchkey.Server.Storage;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.HostedPages;

/// <summary>
/// <c>/sign-up</c>: names (optional), email address, user name (optional) and password, then a
/// 6-digit code mailed to the address (<c>/verify</c>). Runs the Frontend API's
/// <see cref="SignUpService"/>: an address that already has an account gets a notice by mail
/// and this page goes on to <c>/verify</c> exactly as for a new one.
/// </summary>
internal static class SignUpPage
{
    private static readonly FieldSpec FirstName = new("first_name", "First name") { Autocomplete = "given-name", Required = false, MaxLength = StorageLimits.Name };
    private static readonly FieldSpec LastName = new("last_name", "Last name") { Autocomplete = "family-name", Required = false, MaxLength = StorageLimits.Name };
    private static readonly FieldSpec Email = new("email_address", "Email address", "email") { Autocomplete = "email", MaxLength = StorageLimits.EmailAddress, Verbatim = true };
    private static readonly FieldSpec Username = new("username", "Username") { Autocomplete = "username", Required = false, MaxLength = StorageLimits.Username, Verbatim = true };

    private static readonly string[] Inputs = [FirstName.Name, LastName.Name, Email.Name, Username.Name, "password"];

    public static IResult Get(HttpContext http, HostedPageFlow flow, PageLayout layout, PageErrorPage errors, IOptions<LatchkeyServerOptions> options)
    {
        var redirect = flow.Redirect(http);
        return redirect.IsValid
            ? Render(http, flow, layout, redirect, FormState.Empty, options.Value)
            : errors.Result(http, PageNames.SignUp, SignInPage.RedirectInvalid());
    }

    public static async Task<IResult> PostAsync(HttpContext http, HostedPageFlow flow, SignUpService service, PageLayout layout, PageErrorPage errors, IOptions<LatchkeyServerOptions> options, CancellationToken cancellationToken)
    {
        var redirect = flow.Redirect(http);
        if (!redirect.IsValid)
        {
            return errors.Result(http, PageNames.SignUp, SignInPage.RedirectInvalid());
        }

        var form = await flow.ReadFormAsync(http);
        if (form.Failed)
        {
            return errors.Result(http, PageNames.SignUp, form.Error!);
        }

        var fields = form.Value!;
        var state = FormState.Empty;
        foreach (var name in Inputs)
        {
            state.With(name, fields[name]);
        }

        // Every field is sent, empty or not: the service checks required ones and clears empty optional ones.
        var input = Inputs.Select(name => new KeyValuePair<string, string?>(name, fields[name] ?? string.Empty));
        var client = await flow.ClientAsync(http, cancellationToken);
        var created = await service.CreateAsync(http, client, RequestFields.FromValues(input), cancellationToken);
        if (created.Failed)
        {
            return Render(http, flow, layout, redirect, state.WithError(created.Error!, Labels(options.Value), Email.Name), options.Value);
        }

        var attempt = created.Value!;
        var owner = client ?? await flow.ClientByIdAsync(attempt.ClientId, cancellationToken);
        var prepared = await service.PrepareVerificationAsync(owner!, attempt, RequestFields.FromValues([new("strategy", "email_code")]), cancellationToken);
        await flow.WriteUatAsync(http, owner, cancellationToken);
        if (prepared.Failed)
        {
            return Render(http, flow, layout, redirect, state.WithError(prepared.Error!, Labels(options.Value), Email.Name), options.Value);
        }

        return PageResult.SeeOther(PageLayout.Link(PageNames.Verify, (PageNames.Flow, PageNames.FlowSignUp), (PageNames.RedirectUrl, redirect.Raw)));
    }

    private static FieldSpec Password(LatchkeyServerOptions options) => new("password", "Password", "password")
    {
        Autocomplete = "new-password",
        Hint = $"{options.Passwords.MinimumLength} or more characters.",
        MaxLength = options.Passwords.MaximumLength,
    };

    private static Dictionary<string, string> Labels(LatchkeyServerOptions options) =>
        new[] { FirstName, LastName, Email, Username, Password(options) }.ToDictionary(f => f.Name, f => f.Label);

    private static IResult Render(HttpContext http, HostedPageFlow flow, PageLayout layout, RedirectTarget redirect, FormState form, LatchkeyServerOptions options)
    {
        var action = PageLayout.Link(PageNames.SignUp, (PageNames.RedirectUrl, redirect.Raw));
        var lede = redirect.Url is null ? "It takes a minute." : "to continue to " + PageLayout.HostOf(redirect.Url);
        // The two name fields share a row on wide screens; focus follows the same order as the fields.
        var fields = new[] { FirstName, LastName, Email, Username, Password(options) };
        var focus = fields.FirstOrDefault(f => form.Error(f.Name) is not null)?.Name ?? (form.FormError is null ? FirstName.Name : null);
        var main = Html.Of($"""
            <h1>Create your account</h1>
            <p class="lede">{lede}</p>
            <form method="post" action="{action}">
            {FormFields.Csrf(flow.CsrfToken(http))}
            {FormFields.FormError(form)}
            <div class="row">
            {FormFields.Field(FirstName, form, focus == FirstName.Name)}
            {FormFields.Field(LastName, form, focus == LastName.Name)}
            </div>
            {Html.Join(fields.Skip(2).Select(f => FormFields.Field(f, form, focus == f.Name)))}
            <button class="button" type="submit">Continue</button>
            </form>
            <p class="switch">Already have an account? <a href="{PageLayout.Link(PageNames.SignIn, (PageNames.RedirectUrl, redirect.Raw))}">Sign in</a></p>
            """);
        return new PageResult(layout.Document("Create your account", main, form.HasErrors), form.Status, form.RetryAfterSeconds);
    }
}
