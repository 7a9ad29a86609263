using Latchkey.Server.Clients;
using Latchkey.Server.FrontendApi.Errors;
using Latchkey.Server.FrontendApi.Json;
using Latchkey.Server.Sessions;
using Latchkey.Server.Storage.Entities;

namespace Latchkey.Server.FrontendApi.Http;

/// <summary>
/// Builds the <c>{response, client}</c> envelope after a change has been saved, and writes
/// <c>__client_uat</c> whenever the client changed (protocol.md §2.2).
/// </summary>
internal sealed class FrontendResponder(ClientView view, ClientService clients, SessionService sessions, Tokens.TokenService tokens, OriginPolicy origins)
{
    // mintFor: a session that just became active; its fresh token rides along as
    // last_active_token, so the SDK needs no extra round trip.
    public async Task<IResult> EnvelopeAsync(HttpContext http, ClientEntity? client, Func<ClientJson?, object?> response, bool clientChanged, CancellationToken cancellationToken, string? mintFor = null)
    {
        ClientJson? clientJson = null;
        if (client is not null)
        {
            Dictionary<string, string>? minted = null;
            if (mintFor is not null)
            {
                var origin = http.Request.Headers.Origin.ToString();
                var jwt = await tokens.MintAsync(client.Id, mintFor, origins.IsAllowed(origin) ? origin : null, cancellationToken);
                minted = jwt.Failed ? null : new Dictionary<string, string> { [mintFor] = jwt.Value! };
            }

            if (clientChanged)
            {
                clients.WriteUat(http, client, await sessions.AnyActiveAsync(client.Id, cancellationToken));
            }

            clientJson = await view.BuildAsync(client, cancellationToken, minted);
        }

        return Results.Json(new EnvelopeJson(response(clientJson), clientJson));
    }

    public SessionJson Session(SessionEntity session) => view.Session(session, token: null);

    public Task<Storage.Entities.EmailCodeEntity?> LatestCodeAsync(string attemptId, CancellationToken cancellationToken) =>
        view.LatestCodeAsync(attemptId, cancellationToken);

    public static IResult Error(HttpContext http, ApiError error) => ErrorEnvelope.Result(error, http);
}
