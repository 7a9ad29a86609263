using Latchkey.Server.HostedPages.Markup;

namespace Latchkey.Server.HostedPages;

/// <summary><c>/</c>: signed in, the account page; signed out, a card that leads to sign-in and sign-up.</summary>
internal static class LandingPage
{
    public static async Task<IResult> GetAsync(HttpContext http, HostedPageFlow flow, PageLayout layout, CancellationToken cancellationToken)
    {
        var page = await flow.LoadAsync(http, cancellationToken);
        if (page.Current is not null)
        {
            return PageResult.SeeOther(PageNames.Account);
        }

        var main = Html.Of($"""
            <h1>Welcome</h1>
            <p class="lede">Sign in to manage your account, or create one in a minute.</p>
            <div class="stack">
            <a class="button" href="{PageNames.SignIn}">Sign in</a>
            <a class="button secondary" href="{PageNames.SignUp}">Create an account</a>
            </div>
            """);
        return new PageResult(layout.Document("Welcome", main, hasError: false));
    }
}
