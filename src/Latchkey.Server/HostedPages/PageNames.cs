namespace Latchkey.Server.HostedPages;

/// <summary>Paths, query parameters and form fields of the hosted pages, in one place.</summary>
internal static class PageNames
{
    public const string Landing = "/";
    public const string SignIn = "/sign-in";
    public const string SignUp = "/sign-up";
    public const string Verify = "/verify";
    public const string Account = "/account";

    /// <summary>Where to go after signing in; must pass <see cref="FrontendApi.Handshake.RedirectUrlValidator"/>.</summary>
    public const string RedirectUrl = "redirect_url";

    /// <summary>Query of <see cref="Verify"/>: which flow the code completes (<see cref="FlowSignUp"/> or <see cref="FlowSignIn"/>).</summary>
    public const string Flow = "flow";
    public const string FlowSignUp = "sign_up";
    public const string FlowSignIn = "sign_in";

    /// <summary>Query flags that show a one-line notice: a new code was sent, the browser signed out.</summary>
    public const string CodeSent = "sent";
    public const string SignedOut = "signed_out";

    /// <summary>The hidden form field with the CSRF token.</summary>
    public const string CsrfField = "_csrf";

    /// <summary>Which button submitted a form with several.</summary>
    public const string Action = "action";

    /// <summary>Key of form-level errors (not tied to one field).</summary>
    public const string FormLevel = "";
}
