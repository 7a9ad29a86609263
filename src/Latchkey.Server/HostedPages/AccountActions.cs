using Latchkey.Server.Clients;
using Latchkey.Server.FrontendApi.Errors;
using Latchkey.Server.Revocation;
using Latchkey.Server.Sessions;
using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Latchkey.Server.HostedPages;

/// <summary>
/// The account page's buttons (<c>POST /account</c>, field <c>action</c>): sign out this
/// session; sign out the user's other sessions (other browsers: <c>revoked</c>); both
/// ("everywhere"); sign out one other session of the user; switch to another account signed in
/// on this browser. Only the signed-in user's own sessions and this browser's sessions can be
/// named. <c>__client_uat</c> follows every change.
/// </summary>
internal sealed class AccountActions(HostedPageFlow flow, LatchkeyDbContext db, SessionService sessions, ClientService clients, SessionLifetime lifetime, TimeProvider time)
{
    public const string SignOut = "sign_out";
    public const string SignOutOthers = "sign_out_others";
    public const string SignOutEverywhere = "sign_out_everywhere";
    public const string SignOutSession = "sign_out_session";
    public const string Switch = "switch";
    public const string SessionField = "session_id";

    public static async Task<IResult> PostAsync(HttpContext http, HostedPageFlow flow, AccountActions actions, PageErrorPage errors, CancellationToken cancellationToken)
    {
        var form = await flow.ReadFormAsync(http);
        if (form.Failed)
        {
            return errors.Result(http, PageNames.Account, form.Error!);
        }

        var result = await actions.RunAsync(http, form.Value![PageNames.Action], form.Value![SessionField], cancellationToken);
        return result.Failed ? errors.Result(http, PageNames.Account, result.Error!) : PageResult.SeeOther(result.Value!);
    }

    /// <summary>Runs one action; returns where to go next.</summary>
    public async Task<Outcome<string>> RunAsync(HttpContext http, string? action, string? sessionId, CancellationToken cancellationToken)
    {
        var page = await flow.LoadAsync(http, cancellationToken);
        if (page.Current is not { } current || page.Client is not { } client)
        {
            return PageNames.SignIn;
        }

        switch (action)
        {
            case SignOut:
                End(client, current);
                break;
            case SignOutOthers:
                await RevokeOthersAsync(current, cancellationToken);
                break;
            case SignOutEverywhere:
                await RevokeOthersAsync(current, cancellationToken);
                End(client, current);
                break;
            case SignOutSession:
                var other = await OwnSessionAsync(current, sessionId, cancellationToken);
                if (other is null)
                {
                    return ApiErrors.NotFound(ErrorCodes.SessionNotFound, "session");
                }

                if (other.ClientId == client.Id)
                {
                    End(client, other);
                }
                else
                {
                    sessions.SetStatus(other, SessionStatus.Revoked, "signed out on the account page of another browser");
                }

                break;
            case Switch:
                var target = page.Sessions.FirstOrDefault(s => s.Id == sessionId);
                if (target is null)
                {
                    return ApiErrors.NotFound(ErrorCodes.SessionNotFound, "session");
                }

                client.LastActiveSessionId = target.Id;
                break;
            default:
                return ApiErrors.ValueInvalid(PageNames.Action, "Unknown action.");
        }

        clients.Touch(client);
        await db.SaveChangesAsync(cancellationToken);
        var stillSignedIn = await sessions.AnyActiveAsync(client.Id, cancellationToken);
        clients.WriteUat(http, client, stillSignedIn);
        return stillSignedIn ? PageNames.Account : PageLayout.Link(PageNames.SignIn, (PageNames.SignedOut, "1"));
    }

    private void End(ClientEntity client, SessionEntity session)
    {
        sessions.SetStatus(session, SessionStatus.Ended, "signed out on the account page");
        if (client.LastActiveSessionId == session.Id)
        {
            client.LastActiveSessionId = null;
        }
    }

    private Task RevokeOthersAsync(SessionEntity current, CancellationToken cancellationToken) =>
        sessions.RevokeAllForUserAsync(current.UserId, RevocationReasons.Revoked, "signed out of other sessions on the account page", cancellationToken, exceptSessionId: current.Id);

    /// <summary>An active session of the signed-in user other than the current one, or null.</summary>
    private async Task<SessionEntity?> OwnSessionAsync(SessionEntity current, string? id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(id) || id.Length > StorageLimits.Id || id == current.Id)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == id && s.UserId == current.UserId && s.Status == SessionStatus.Active, cancellationToken);
        return session is not null && lifetime.EffectiveStatus(session.Status, session.ExpireAt, session.LastActiveAt, now) == SessionStatus.Active ? session : null;
    }
}
