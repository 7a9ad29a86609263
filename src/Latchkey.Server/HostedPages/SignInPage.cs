using Latchkey.Server.FrontendApi.Errors;
using Latchkey.Server.FrontendApi.Http;
using Latchkey.Server.FrontendApi.SignIns;
using Latchkey.Server.HostedPages.Markup;
using Latchkey.Server.Storage;

namespace Latchkey.Server.HostedPages;

/// <summary>
/// <c>/sign-in</c>: identifier and password, or identifier and an emailed code (then
/// <c>/verify</c>). Runs the Frontend API's <see cref="SignInService"/>, so rate limits, lockout
/// and the no-enumeration rules are the same. While signed in it also offers "continue as".
/// </summary>
internal static class SignInPage
{
    public const string ActionPassword = "password";
    public const string ActionEmailCode = "email_code";
    public const string ActionContinue = "continue";

    private static readonly FieldSpec Identifier = new("identifier", "Email address or username")
    {
        Autocomplete = "username", MaxLength = StorageLimits.EmailAddress, Verbatim = true,
    };

    private static readonly FieldSpec Password = new("password", "Password", "password") { Autocomplete = "current-password" };

    private static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        [Identifier.Name] = Identifier.Label,
        [Password.Name] = Password.Label,
    };

    public static async Task<IResult> GetAsync(HttpContext http, HostedPageFlow flow, PageLayout layout, PageErrorPage errors, CancellationToken cancellationToken)
    {
        var redirect = flow.Redirect(http);
        if (!redirect.IsValid)
        {
            return errors.Result(http, PageNames.SignIn, RedirectInvalid());
        }

        var page = await flow.LoadAsync(http, cancellationToken);
        var signedOut = http.Request.Query.ContainsKey(PageNames.SignedOut);
        return Render(http, flow, layout, redirect, page, FormState.Empty, signedOut);
    }

    public static async Task<IResult> PostAsync(HttpContext http, HostedPageFlow flow, SignInService service, PageLayout layout, PageErrorPage errors, CancellationToken cancellationToken)
    {
        var redirect = flow.Redirect(http);
        if (!redirect.IsValid)
        {
            return errors.Result(http, PageNames.SignIn, RedirectInvalid());
        }

        var form = await flow.ReadFormAsync(http);
        if (form.Failed)
        {
            return errors.Result(http, PageNames.SignIn, form.Error!);
        }

        var fields = form.Value!;
        var action = fields[PageNames.Action] ?? ActionPassword;
        if (action == ActionContinue)
        {
            var current = await flow.LoadAsync(http, cancellationToken);
            return current.Current is null
                ? PageResult.SeeOther(PageLayout.Link(PageNames.SignIn, (PageNames.RedirectUrl, redirect.Raw)))
                : await flow.CompleteAsync(http, current.Client!, redirect.Url, cancellationToken);
        }

        if (action is not (ActionPassword or ActionEmailCode))
        {
            return errors.Result(http, PageNames.SignIn, ApiErrors.ValueInvalid(PageNames.Action, "Unknown action."));
        }

        var state = FormState.Empty.With(Identifier.Name, fields[Identifier.Name]);
        var fallback = action == ActionPassword ? Password.Name : Identifier.Name;
        var input = new Dictionary<string, string?>
        {
            ["identifier"] = fields[Identifier.Name],
            ["strategy"] = action,
        };
        if (action == ActionPassword)
        {
            input["password"] = fields[Password.Name] ?? string.Empty;
        }

        var client = await flow.ClientAsync(http, cancellationToken);
        var created = await service.CreateAsync(http, client, RequestFields.FromValues(input), cancellationToken);
        if (created.Failed)
        {
            await flow.WriteUatAsync(http, client, cancellationToken);
            return await RenderAgainAsync(http, flow, layout, redirect, state.WithError(created.Error!, Labels, fallback), cancellationToken);
        }

        var attempt = created.Value!;
        var owner = client ?? await flow.ClientByIdAsync(attempt.ClientId, cancellationToken);
        if (action == ActionPassword)
        {
            return attempt.Status == SignInService.Complete
                ? await flow.CompleteAsync(http, owner!, redirect.Url, cancellationToken)
                : errors.Result(http, PageNames.SignIn, ApiErrors.Conflict());
        }

        var prepared = await service.PrepareFirstFactorAsync(owner!, attempt, RequestFields.FromValues([new("strategy", ActionEmailCode)]), cancellationToken);
        await flow.WriteUatAsync(http, owner, cancellationToken);
        if (prepared.Failed)
        {
            return await RenderAgainAsync(http, flow, layout, redirect, state.WithError(prepared.Error!, Labels, Identifier.Name), cancellationToken);
        }

        return PageResult.SeeOther(PageLayout.Link(PageNames.Verify, (PageNames.Flow, PageNames.FlowSignIn), (PageNames.RedirectUrl, redirect.Raw)));
    }

    internal static ApiError RedirectInvalid() =>
        new(400, ErrorCodes.RedirectUrlInvalid, "redirect_url is invalid", "redirect_url must be one absolute http(s) URL on an allowed origin.", PageNames.RedirectUrl);

    private static async Task<IResult> RenderAgainAsync(HttpContext http, HostedPageFlow flow, PageLayout layout, RedirectTarget redirect, FormState form, CancellationToken cancellationToken) =>
        Render(http, flow, layout, redirect, await flow.LoadAsync(http, cancellationToken), form, signedOut: false);

    private static IResult Render(HttpContext http, HostedPageFlow flow, PageLayout layout, RedirectTarget redirect, PageClient page, FormState form, bool signedOut)
    {
        var csrf = flow.CsrfToken(http);
        var action = PageLayout.Link(PageNames.SignIn, (PageNames.RedirectUrl, redirect.Raw));
        var lede = redirect.Url is null ? "to your account" : "to continue to " + PageLayout.HostOf(redirect.Url);
        var signedInAs = Html.Empty;
        if (page.Current?.User is { } user)
        {
            var email = UserDisplay.Email(user);
            signedInAs = Html.Of($"""
                <form method="post" action="{action}" class="stack">
                {FormFields.Csrf(csrf)}
                <p class="notice" role="status" data-notice="signed_in">You're signed in as <strong>{UserDisplay.Name(user)}</strong>{(email is null ? string.Empty : " (" + email + ")")}.</p>
                <button class="button" type="submit" name="{PageNames.Action}" value="{ActionContinue}">Continue as {UserDisplay.Name(user)}</button>
                </form>
                <p class="divider">or sign in to another account</p>

                """);
        }

        var main = Html.Of($"""
            <h1>Sign in</h1>
            <p class="lede">{lede}</p>
            {(signedOut && page.Current is null ? FormFields.Notice("signed_out", "You have signed out.") : Html.Empty)}
            {signedInAs}
            <form method="post" action="{action}">
            {FormFields.Csrf(csrf)}
            {FormFields.FormError(form)}
            {FormFields.Fields([Identifier, Password], form, focusFirst: page.Current is null)}
            <div class="stack">
            <button class="button" type="submit" name="{PageNames.Action}" value="{ActionPassword}">Sign in</button>
            <button class="button secondary" type="submit" name="{PageNames.Action}" value="{ActionEmailCode}" formnovalidate>Email me a sign-in code</button>
            </div>
            </form>
            <p class="switch">No account yet? <a href="{PageLayout.Link(PageNames.SignUp, (PageNames.RedirectUrl, redirect.Raw))}">Create one</a></p>
            """);
        return new PageResult(layout.Document("Sign in", main, form.HasErrors), form.Status, form.RetryAfterSeconds);
    }
}
