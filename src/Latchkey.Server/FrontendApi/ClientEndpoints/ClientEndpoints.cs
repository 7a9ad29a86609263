using Latchkey.Server.Clients;
using Latchkey.Server.Crypto;
using Latchkey.Server.FrontendApi.Errors;
using Latchkey.Server.FrontendApi.Http;
using Latchkey.Server.FrontendApi.Json;
using Latchkey.Server.Instance;
using Latchkey.Server.Sessions;
using Latchkey.Server.Storage;
using Latchkey.Server.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Latchkey.Server.FrontendApi.ClientEndpoints;

/// <summary><c>/v1/client</c> (GET, PUT, DELETE), <c>DELETE /v1/client/sessions</c> and <c>POST /v1/dev_browser</c>.</summary>
internal static class ClientEndpoints
{
    public static RouteGroupBuilder MapClient(this RouteGroupBuilder group)
    {
        group.MapGet("/client", GetClient);
        group.MapPut("/client", CreateClient);
        group.MapDelete("/client", DestroyClient);
        group.MapDelete("/client/sessions", SignOutAll);
        group.MapPost("/dev_browser", CreateDevBrowser);
        return group;
    }

    private static async Task<IResult> GetClient(HttpContext http, ClientResolver resolver, ClientView view, CancellationToken cancellationToken)
    {
        var client = await resolver.FindAsync(http, cancellationToken);
        if (client.Failed)
        {
            return FrontendResponder.Error(http, client.Error!);
        }

        var json = client.Value is null ? null : await view.BuildAsync(client.Value, cancellationToken);
        return Results.Json(new EnvelopeJson(json, json));
    }

    private static async Task<IResult> CreateClient(HttpContext http, ClientResolver resolver, ClientService clients, LatchkeyDbContext db, FrontendResponder responder, CancellationToken cancellationToken)
    {
        var existing = await resolver.FindAsync(http, cancellationToken);
        if (existing.Failed)
        {
            return FrontendResponder.Error(http, existing.Error!);
        }

        var client = existing.Value ?? clients.Create(http);
        await db.SaveChangesAsync(cancellationToken);
        return await responder.EnvelopeAsync(http, client, json => json, clientChanged: true, cancellationToken);
    }

    private static async Task<IResult> DestroyClient(HttpContext http, ClientResolver resolver, SessionService sessions, ClientService clients, ClientCookies cookies, LatchkeyDbContext db, CancellationToken cancellationToken)
    {
        var found = await resolver.FindAsync(http, cancellationToken);
        if (found.Failed)
        {
            return FrontendResponder.Error(http, found.Error!);
        }

        if (found.Value is { } client)
        {
            await sessions.EndAllAsync(client, SessionStatus.Ended, cancellationToken);
            // The row stays for the audit trail; its token and dev browsers stop working.
            clients.RetireIdentity(client);
            client.SignInAttemptId = null;
            client.SignUpAttemptId = null;
            await db.DevBrowsers.Where(d => d.ClientId == client.Id).ExecuteDeleteAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        cookies.DeleteClientToken(http.Response);
        cookies.WriteClientUat(http.Response, 0);
        return Results.Json(new EnvelopeJson(null, null));
    }

    private static async Task<IResult> SignOutAll(HttpContext http, ClientResolver resolver, SessionService sessions, LatchkeyDbContext db, FrontendResponder responder, CancellationToken cancellationToken)
    {
        var found = await resolver.FindAsync(http, cancellationToken);
        if (found.Failed)
        {
            return FrontendResponder.Error(http, found.Error!);
        }

        if (found.Value is not { } client)
        {
            return FrontendResponder.Error(http, ApiErrors.NotFound(ErrorCodes.ClientNotFound, "client"));
        }

        await sessions.EndAllAsync(client, SessionStatus.Ended, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return await responder.EnvelopeAsync(http, client, json => json, clientChanged: true, cancellationToken);
    }

    /// <summary>
    /// Development only (protocol.md §7.1). The new dev browser is bound to the client the
    /// request's <c>__client</c> cookie names when there is one (cookies ignore ports, so a
    /// sign-in on the server's pages is seen by apps on other 127.0.0.1 ports); else to a new client.
    /// </summary>
    private static async Task<IResult> CreateDevBrowser(HttpContext http, InstanceIdentity instance, ClientResolver resolver, ClientService clients, LatchkeyDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!instance.IsDevelopment)
        {
            return FrontendResponder.Error(http, new ApiError(400, ErrorCodes.DevBrowserNotAllowed, "Dev browsers are for development instances", "A production instance identifies browsers by the __client cookie only."));
        }

        ClientEntity? client = null;
        if (http.Request.Cookies.ContainsKey(ProtocolNames.ClientCookie))
        {
            var found = await resolver.FindAsync(http, cancellationToken, includeDevBrowser: false);
            client = found.Failed ? null : found.Value;
        }

        client ??= clients.Create(http);
        var token = SecureRandom.Token();
        db.DevBrowsers.Add(new DevBrowserEntity
        {
            Id = SecureRandom.Id("dvb"),
            TokenHash = SecureRandom.Hash(token),
            ClientId = client.Id,
            CreatedAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        return Results.Json(new Dictionary<string, object?> { ["object"] = "dev_browser", ["id"] = token, ["client_id"] = client.Id });
    }
}
