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
internal sealed class FrontendResponder(ClientView view, ClientService clients, SessionService sessions)
{
    public async Task<IResult> EnvelopeAsync(HttpContext http, ClientEntity? client, Func<ClientJson?, object?> response, bool clientChanged, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? tokens = null)
    {
        ClientJson? clientJson = null;
        if (client is not null)
        {
            if (clientChanged)
            {
                clients.WriteUat(http, client, await sessions.AnyActiveAsync(client.Id, cancellationToken));
            }

            clientJson = await view.BuildAsync(client, cancellationToken, tokens);
        }

        return Results.Json(new EnvelopeJson(response(clientJson), clientJson));
    }

    public SessionJson Session(SessionEntity session) => view.Session(session, token: null);

    public Task<Storage.Entities.EmailCodeEntity?> LatestCodeAsync(string attemptId, CancellationToken cancellationToken) =>
        view.LatestCodeAsync(attemptId, cancellationToken);

    public static IResult Error(HttpContext http, ApiError error) => ErrorEnvelope.Result(error, http);
}
