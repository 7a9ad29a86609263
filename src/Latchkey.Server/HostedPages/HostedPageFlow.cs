using Latchkey.Server.Clients;
using Latchkey.Server.Configuration;
using Latchkey.Server.Crypto;
using Latchkey.Server.FrontendApi.Errors;
using Latchkey.Server.FrontendApi.Handshake;
using Latchkey.Server.FrontendApi.Http;
using Latchkey.Server.Instance;
using Latchkey.Server.Sessions;
using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;

namespace Latchkey.Server.HostedPages;

/// <summary>The <c>redirect_url</c> of a page request: absent, valid (<see cref="Url"/>), or invalid.</summary>
internal sealed record RedirectTarget(bool IsValid, Uri? Url, string? Raw);

/// <summary>The browser's client as the pages see it: its signed-in sessions and the current one.</summary>
internal sealed record PageClient(ClientEntity? Client, IReadOnlyList<SessionEntity> Sessions, SessionEntity? Current);

/// <summary>
/// What every hosted page shares: the request's <c>redirect_url</c>, the browser's client,
/// reading a form behind the CSRF checks, and finishing a sign-in — <c>__client_uat</c>, on
/// development instances the dev-browser binding, and the 303 back to the app.
/// </summary>
internal sealed class HostedPageFlow(
    ClientResolver resolver,
    ClientView view,
    ClientService clients,
    ClientCookies cookies,
    SessionService sessions,
    LatchkeyDbContext db,
    InstanceIdentity instance,
    RedirectUrlValidator validator,
    PageCsrf csrf,
    FrontendRequest request,
    TimeProvider time)
{
    public RedirectTarget Redirect(HttpContext http)
    {
        var values = http.Request.Query[PageNames.RedirectUrl];
        if (values.Count == 0)
        {
            return new RedirectTarget(true, null, null);
        }

        return values.Count == 1 && validator.TryValidate(values[0], out var url)
            ? new RedirectTarget(true, url, values[0])
            : new RedirectTarget(false, null, null);
    }

    /// <summary>The client named by the browser's cookies (never by the URL) with its signed-in sessions.</summary>
    public async Task<PageClient> LoadAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var found = await resolver.FindAsync(http, cancellationToken, devBrowserFromQuery: false);
        var client = found.Failed ? null : found.Value;
        if (client is null)
        {
            return new PageClient(null, [], null);
        }

        var sessions = await view.ActiveSessionsAsync(client.Id, cancellationToken);
        var current = sessions.FirstOrDefault(s => s.Id == client.LastActiveSessionId) ?? sessions.LastOrDefault();
        return new PageClient(client, sessions, current);
    }

    /// <summary>The tracked client entity (for the services), or null when the browser has none yet.</summary>
    public async Task<ClientEntity?> ClientAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var found = await resolver.FindAsync(http, cancellationToken, devBrowserFromQuery: false);
        return found.Failed ? null : found.Value;
    }

    public Task<ClientEntity?> ClientByIdAsync(string id, CancellationToken cancellationToken) => resolver.FindByIdAsync(id, cancellationToken);

    /// <summary>The CSRF token for this browser's forms (sets the cookie on first use).</summary>
    public string CsrfToken(HttpContext http) => csrf.TokenFor(http);

    /// <summary>Reads a posted form (bounded like the Frontend API) after the origin and CSRF-token checks.</summary>
    public async Task<Outcome<RequestFields>> ReadFormAsync(HttpContext http)
    {
        var fields = await request.FieldsAsync(http);
        if (fields.Failed)
        {
            return fields.Error!;
        }

        return csrf.IsValid(http, fields.Value![PageNames.CsrfField]) ? fields.Value!
            : new ApiError(403, ErrorCodes.CsrfTokenInvalid, "Form not accepted", "The form's CSRF token is missing or wrong, or it came from another origin; reload the page.");
    }

    /// <summary>
    /// After a step that changed the client without completing a sign-in (a sign-in or sign-up
    /// started, a code sent): <c>__client_uat</c> follows the client as on every Frontend API
    /// answer that changed it (protocol.md §2.2). A browser without a client yet has nothing to say.
    /// </summary>
    public async Task WriteUatAsync(HttpContext http, ClientEntity? client, CancellationToken cancellationToken)
    {
        if (client is not null)
        {
            clients.WriteUat(http, client, await sessions.AnyActiveAsync(client.Id, cancellationToken));
        }
    }

    /// <summary>
    /// After a sign-in (or "continue" while signed in): writes <c>__client_uat</c>, binds a dev
    /// browser on development instances, and sends the browser on with 303 — to the allowed
    /// <paramref name="target"/>, else to the account page.
    /// </summary>
    public async Task<IResult> CompleteAsync(HttpContext http, ClientEntity client, Uri? target, CancellationToken cancellationToken)
    {
        clients.WriteUat(http, client, signedIn: true);
        var devBrowser = await DevBrowserAsync(http, client, cancellationToken);
        if (target is null)
        {
            return PageResult.SeeOther(PageNames.Account);
        }

        var crossOrigin = !string.Equals(OriginText.FromUri(target), instance.FrontendApiUrl, StringComparison.Ordinal);
        return PageResult.SeeOther(devBrowser is not null && crossOrigin ? WithDevBrowser(target, devBrowser) : target.AbsoluteUri);
    }

    /// <summary>
    /// Development only (design.md, protocol.md §7.1): the dev-browser token of this client —
    /// the one the browser already holds in its cookie when it is bound to this client, else a
    /// new one — written to the dev-browser cookies. Production: null.
    /// </summary>
    private async Task<string?> DevBrowserAsync(HttpContext http, ClientEntity client, CancellationToken cancellationToken)
    {
        if (!instance.IsDevelopment)
        {
            return null;
        }

        string? token = null;
        foreach (var name in new[] { instance.Suffixed(ProtocolNames.DevBrowser), ProtocolNames.DevBrowser })
        {
            if (http.Request.Cookies.TryGetValue(name, out var value) && await resolver.IsDevBrowserOfAsync(value, client.Id, cancellationToken))
            {
                token = value;
                break;
            }
        }

        if (token is null)
        {
            token = SecureRandom.Token();
            db.DevBrowsers.Add(new DevBrowserEntity
            {
                Id = SecureRandom.Id("dvb"),
                TokenHash = SecureRandom.Hash(token),
                ClientId = client.Id,
                CreatedAt = time.GetUtcNow(),
            });
            await db.SaveChangesAsync(cancellationToken);
        }

        cookies.WriteDevBrowser(http.Response, token);
        return token;
    }

    /// <summary>
    /// The target with <c>__clerk_db_jwt=&lt;token&gt;</c> (any earlier one dropped, the fragment
    /// kept): the protocol's URL decoration for a development redirect to another origin. The
    /// app's SDK adopts it and strips it from the address bar; the app's backend sees it and
    /// runs a dev-browser-sync handshake that sets <c>__session</c> on the app's origin.
    /// </summary>
    internal static string WithDevBrowser(Uri target, string token)
    {
        var text = target.AbsoluteUri;
        var fragment = target.Fragment;
        var withoutFragment = fragment.Length == 0 ? text : text[..^fragment.Length];
        var queryStart = withoutFragment.IndexOf('?', StringComparison.Ordinal);
        var path = queryStart < 0 ? withoutFragment : withoutFragment[..queryStart];
        var kept = queryStart < 0 ? Enumerable.Empty<string>() : withoutFragment[(queryStart + 1)..].Split('&')
            .Where(p => p.Length > 0 && !string.Equals(p.Split('=', 2)[0], ProtocolNames.DevBrowser, StringComparison.Ordinal));
        return path + "?" + string.Join('&', kept.Append(ProtocolNames.DevBrowser + "=" + token)) + fragment;
    }
}
