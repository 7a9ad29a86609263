using Latchkey.Server.Clients;
using Latchkey.Server.FrontendApi.Errors;
using Latchkey.Server.FrontendApi.Http;
using Latchkey.Server.Sessions;
using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Latchkey.Server.FrontendApi.Sessions;

/// <summary><c>/v1/client/sessions/{id}/touch|end|remove</c> (token endpoints: TokenEndpoints).</summary>
internal static class SessionEndpoints
{
    public static RouteGroupBuilder MapSessions(this RouteGroupBuilder group)
    {
        group.MapPost("/client/sessions/{id}/touch", Touch);
        group.MapPost("/client/sessions/{id}/end", (HttpContext http, string id, SessionActions actions, CancellationToken ct) => actions.FinishAsync(http, id, SessionStatus.Ended, ct));
        group.MapPost("/client/sessions/{id}/remove", (HttpContext http, string id, SessionActions actions, CancellationToken ct) => actions.FinishAsync(http, id, SessionStatus.Removed, ct));
        return group;
    }

    private static async Task<IResult> Touch(HttpContext http, string id, FrontendRequest request, SessionActions actions, CancellationToken cancellationToken)
    {
        var fields = await request.FieldsAsync(http);
        return fields.Failed ? FrontendResponder.Error(http, fields.Error!) : await actions.TouchAsync(http, id, fields.Value!, cancellationToken);
    }
}

/// <summary>The session actions behind <see cref="SessionEndpoints"/>.</summary>
internal sealed class SessionActions(
    LatchkeyDbContext db,
    ClientResolver resolver,
    ClientService clients,
    SessionService sessions,
    SessionLifetime lifetime,
    LastActiveTracker lastActive,
    FrontendResponder responder,
    TimeProvider time)
{
    public async Task<IResult> TouchAsync(HttpContext http, string id, RequestFields fields, CancellationToken cancellationToken)
    {
        var organization = fields["active_organization_id"];
        if (!string.IsNullOrEmpty(organization))
        {
            return FrontendResponder.Error(http, new ApiError(404, ErrorCodes.ResourceNotFound, "Organization not found", "This instance has no organizations yet.", "active_organization_id"));
        }

        var intent = fields["intent"];
        if (intent is not null and not ("focus" or "select_session" or "select_org"))
        {
            return FrontendResponder.Error(http, ApiErrors.ValueInvalid("intent", "intent is focus, select_session or select_org."));
        }

        // Pending activity before the row, as the mint path does (a flush may commit in between).
        var pending = lastActive.Pending(id);
        var found = await FindAsync(http, id, cancellationToken);
        if (found.Failed)
        {
            return FrontendResponder.Error(http, found.Error!);
        }

        var (client, session) = found.Value;
        var now = time.GetUtcNow();
        var lastActiveAt = pending is { } p && p > session.LastActiveAt ? p : session.LastActiveAt;
        var status = lifetime.EffectiveStatus(session.Status, session.ExpireAt, lastActiveAt, now);
        if (status != SessionStatus.Active)
        {
            return FrontendResponder.Error(http, TokenErrors.ForStatus(status));
        }

        lastActive.Record(session.Id, now);
        var changed = client.LastActiveSessionId != session.Id;
        if (changed)
        {
            client.LastActiveSessionId = session.Id;
            clients.Touch(client);
            await db.SaveChangesAsync(cancellationToken);
        }

        return await responder.EnvelopeAsync(http, client, json => json?.Sessions.FirstOrDefault(s => s.Id == session.Id), changed, cancellationToken, mintFor: session.Id);
    }

    public async Task<IResult> FinishAsync(HttpContext http, string id, string status, CancellationToken cancellationToken)
    {
        var found = await FindAsync(http, id, cancellationToken);
        if (found.Failed)
        {
            return FrontendResponder.Error(http, found.Error!);
        }

        var (client, session) = found.Value;
        if (session.Status == SessionStatus.Active)
        {
            sessions.SetStatus(session, status, "sign-out of one session");
            if (client.LastActiveSessionId == session.Id)
            {
                client.LastActiveSessionId = null;
            }

            clients.Touch(client);
            await db.SaveChangesAsync(cancellationToken);
        }

        var user = await db.Users.Include(u => u.EmailAddresses).FirstAsync(u => u.Id == session.UserId, cancellationToken);
        session.User = user;
        return await responder.EnvelopeAsync(http, client, _ => responder.Session(session), clientChanged: true, cancellationToken);
    }

    /// <summary>The client and one of its sessions, or session_not_found (never another client's session).</summary>
    public async Task<Outcome<(ClientEntity Client, SessionEntity Session)>> FindAsync(HttpContext http, string id, CancellationToken cancellationToken)
    {
        var client = await resolver.FindAsync(http, cancellationToken);
        if (client.Failed)
        {
            return client.Error!;
        }

        var session = client.Value is null || id.Length > StorageLimits.Id ? null
            : await db.Sessions.FirstOrDefaultAsync(s => s.Id == id && s.ClientId == client.Value.Id, cancellationToken);
        return session is null ? ApiErrors.NotFound(ErrorCodes.SessionNotFound, "session") : (client.Value!, session);
    }
}
