using Latchkey.Server.Configuration;
using Latchkey.Server.FrontendApi.Errors;
using Latchkey.Server.FrontendApi.Http;
using Latchkey.Server.FrontendApi.SignIns;
using Latchkey.Server.FrontendApi.SignUps;
using Latchkey.Server.HostedPages.Markup;
using Latchkey.Server.Instance;
using Latchkey.Server.Storage.Entities;
using Microsoft.Extensions.Options;

namespace Latchkey.Server.HostedPages;

/// <summary>
/// <c>/verify?flow=sign_up|sign_in</c>: the 6-digit code of the browser's current sign-up or
/// email-code sign-in, and "send a new code". A browser with nothing to verify is sent back
/// to the start of its flow.
/// </summary>
internal static class VerifyPage
{
    private const string ActionVerify = "verify";
    private const string ActionResend = "resend";

    private static readonly FieldSpec Code = new("code", "Verification code")
    {
        Autocomplete = "one-time-code", InputMode = "numeric", Pattern = "[0-9]{6}", MaxLength = 6, CssClass = "code", Verbatim = true,
    };

    private static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string> { [Code.Name] = Code.Label };

    public static async Task<IResult> GetAsync(
        HttpContext http, HostedPageFlow flow, SignUpService signUps, SignInService signIns, PageLayout layout, PageErrorPage errors,
        InstanceIdentity instance, IOptions<LatchkeyServerOptions> options, CancellationToken cancellationToken)
    {
        var redirect = flow.Redirect(http);
        if (!redirect.IsValid)
        {
            return errors.Result(http, PageNames.Verify, SignInPage.RedirectInvalid());
        }

        var target = await FindAsync(http, flow, signUps, signIns, cancellationToken);
        if (target is null)
        {
            return Restart(http, redirect);
        }

        var notice = http.Request.Query.ContainsKey(PageNames.CodeSent);
        return Render(http, flow, layout, instance, options.Value, redirect, target.Value.Flow, target.Value.Address, FormState.Empty, notice);
    }

    public static async Task<IResult> PostAsync(
        HttpContext http, HostedPageFlow flow, SignUpService signUps, SignInService signIns, PageLayout layout, PageErrorPage errors,
        InstanceIdentity instance, IOptions<LatchkeyServerOptions> options, CancellationToken cancellationToken)
    {
        var redirect = flow.Redirect(http);
        if (!redirect.IsValid)
        {
            return errors.Result(http, PageNames.Verify, SignInPage.RedirectInvalid());
        }

        var form = await flow.ReadFormAsync(http);
        if (form.Failed)
        {
            return errors.Result(http, PageNames.Verify, form.Error!);
        }

        var found = await FindAsync(http, flow, signUps, signIns, cancellationToken);
        if (found is null)
        {
            return Restart(http, redirect);
        }

        var (flowName, address, client, signUp, signIn) = found.Value;
        var action = form.Value![PageNames.Action] ?? ActionVerify;
        if (action is not (ActionVerify or ActionResend))
        {
            return errors.Result(http, PageNames.Verify, ApiErrors.ValueInvalid(PageNames.Action, "Unknown action."));
        }

        var fields = action == ActionResend
            ? RequestFields.FromValues([new("strategy", "email_code")])
            : RequestFields.FromValues([new("strategy", "email_code"), new("code", WithoutSpaces(form.Value![Code.Name]))]);
        ApiError? error;
        bool complete;
        if (signUp is not null)
        {
            var outcome = action == ActionResend
                ? await signUps.PrepareVerificationAsync(client, signUp, fields, cancellationToken)
                : await signUps.AttemptVerificationAsync(http, client, signUp, fields, cancellationToken);
            (error, complete) = (outcome.Error, outcome.Value?.Status == SignUpService.Complete);
        }
        else
        {
            var outcome = action == ActionResend
                ? await signIns.PrepareFirstFactorAsync(client, signIn!, fields, cancellationToken)
                : await signIns.AttemptFirstFactorAsync(http, client, signIn!, fields, cancellationToken);
            (error, complete) = (outcome.Error, outcome.Value?.Status == SignInService.Complete);
        }

        if (error is not null || action == ActionResend)
        {
            await flow.WriteUatAsync(http, client, cancellationToken);
        }

        if (error is not null)
        {
            var state = FormState.Empty.WithError(error, Labels, Code.Name);
            return Render(http, flow, layout, instance, options.Value, redirect, flowName, address, state, codeSent: false);
        }

        if (action == ActionResend)
        {
            return PageResult.SeeOther(PageLayout.Link(PageNames.Verify, (PageNames.Flow, flowName), (PageNames.RedirectUrl, redirect.Raw), (PageNames.CodeSent, "1")));
        }

        return complete ? await flow.CompleteAsync(http, client, redirect.Url, cancellationToken) : errors.Result(http, PageNames.Verify, ApiErrors.Conflict());
    }

    /// <summary>People paste codes as "123 456"; the spaces are not part of the code.</summary>
    private static string WithoutSpaces(string? code) => code is null ? string.Empty : new string([.. code.Where(c => !char.IsWhiteSpace(c))]);

    /// <summary>The browser's pending attempt of the requested flow, or null.</summary>
    private static async Task<(string Flow, string Address, ClientEntity Client, SignUpAttemptEntity? SignUp, SignInAttemptEntity? SignIn)?> FindAsync(
        HttpContext http, HostedPageFlow flow, SignUpService signUps, SignInService signIns, CancellationToken cancellationToken)
    {
        var client = await flow.ClientAsync(http, cancellationToken);
        var name = http.Request.Query[PageNames.Flow].ToString();
        if (client is null)
        {
            return null;
        }

        if (name == PageNames.FlowSignUp && client.SignUpAttemptId is { } signUpId
            && await signUps.FindAsync(client, signUpId, cancellationToken) is { VerificationPrepared: true, EmailAddress: { } email } signUp
            && signUp.Status != SignUpService.Complete)
        {
            return (name, email, client, signUp, null);
        }

        if (name == PageNames.FlowSignIn && client.SignInAttemptId is { } signInId
            && await signIns.FindAsync(client, signInId, cancellationToken) is { PreparedStrategy: "email_code", Identifier: { } identifier } signIn
            && signIn.Status != SignInService.Complete)
        {
            return (name, identifier, client, null, signIn);
        }

        return null;
    }

    private static IResult Restart(HttpContext http, RedirectTarget redirect) =>
        PageResult.SeeOther(PageLayout.Link(http.Request.Query[PageNames.Flow] == PageNames.FlowSignUp ? PageNames.SignUp : PageNames.SignIn, (PageNames.RedirectUrl, redirect.Raw)));

    private static IResult Render(
        HttpContext http, HostedPageFlow flow, PageLayout layout, InstanceIdentity instance, LatchkeyServerOptions options,
        RedirectTarget redirect, string flowName, string address, FormState form, bool codeSent)
    {
        var csrf = flow.CsrfToken(http);
        var action = PageLayout.Link(PageNames.Verify, (PageNames.Flow, flowName), (PageNames.RedirectUrl, redirect.Raw));
        var minutes = PageMessages.Duration((int)Math.Ceiling(options.EmailCodeLifetime.TotalSeconds));
        var code = Code with { Hint = $"The code expires {minutes} after it was sent." };
        var mailbox = instance.IsDevelopment
            ? Html.Of($"""<p class="hint">Development instance: the mail is also in the <a href="/dev/mailbox">mailbox</a>.</p>""")
            : Html.Empty;
        var back = flowName == PageNames.FlowSignUp
            ? Html.Of($"""Wrong address? <a href="{PageLayout.Link(PageNames.SignUp, (PageNames.RedirectUrl, redirect.Raw))}">Start again</a>""")
            : Html.Of($"""Wrong address? <a href="{PageLayout.Link(PageNames.SignIn, (PageNames.RedirectUrl, redirect.Raw))}">Back to sign in</a>""");
        var main = Html.Of($"""
            <h1>Check your email</h1>
            <p class="lede">We sent a 6-digit code to <strong>{address}</strong>.</p>
            {(codeSent && !form.HasErrors ? FormFields.Notice("code_sent", "A new code is on its way.") : Html.Empty)}
            <form method="post" action="{action}">
            {FormFields.Csrf(csrf)}
            {FormFields.FormError(form)}
            {FormFields.Fields([code], form)}
            <button class="button" type="submit" name="{PageNames.Action}" value="{ActionVerify}">Verify</button>
            </form>
            {mailbox}
            <form method="post" action="{action}" class="switch">
            {FormFields.Csrf(csrf)}
            Didn't get it? <button class="link-button" type="submit" name="{PageNames.Action}" value="{ActionResend}" formnovalidate>Send a new code</button>
            </form>
            <p class="switch">{back}</p>
            """);
        return new PageResult(layout.Document("Check your email", main, form.HasErrors), form.Status, form.RetryAfterSeconds);
    }
}
