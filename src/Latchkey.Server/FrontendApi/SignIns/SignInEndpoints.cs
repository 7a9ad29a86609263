using Latchkey.Server.Clients;
using Latchkey.Server.FrontendApi.Errors;
using Latchkey.Server.FrontendApi.Http;
using Latchkey.Server.FrontendApi.Json;
using Latchkey.Server.Storage.Entities;

namespace Latchkey.Server.FrontendApi.SignIns;

/// <summary><c>/v1/client/sign_ins</c>: create (identifier, optionally password), read, prepare and attempt the first factor.</summary>
internal static class SignInEndpoints
{
    public static RouteGroupBuilder MapSignIns(this RouteGroupBuilder group)
    {
        group.MapPost("/client/sign_ins", Create).RequireCredentialBudgets();
        group.MapGet("/client/sign_ins/{id}", Get);
        group.MapPost("/client/sign_ins/{id}/prepare_first_factor", Prepare).RequireCredentialBudgets();
        group.MapPost("/client/sign_ins/{id}/attempt_first_factor", Attempt).RequireCredentialBudgets();
        return group;
    }

    private static async Task<IResult> Create(HttpContext http, FrontendRequest request, ClientResolver resolver, SignInService service, FrontendResponder responder, CancellationToken cancellationToken)
    {
        var fields = await request.FieldsAsync(http);
        if (fields.Failed)
        {
            return FrontendResponder.Error(http, fields.Error!);
        }

        var client = await resolver.FindAsync(http, cancellationToken);
        if (client.Failed)
        {
            return FrontendResponder.Error(http, client.Error!);
        }

        var outcome = await service.CreateAsync(http, client.Value, fields.Value!, cancellationToken);
        if (outcome.Failed)
        {
            return FrontendResponder.Error(http, outcome.Error!);
        }

        var owner = client.Value ?? await resolver.FindByIdAsync(outcome.Value!.ClientId, cancellationToken);
        return await Respond(http, owner!, outcome.Value!, responder, cancellationToken);
    }

    private static Task<IResult> Get(HttpContext http, string id, ClientResolver resolver, SignInService service, FrontendResponder responder, CancellationToken cancellationToken) =>
        WithAttempt(http, id, resolver, service, responder, cancellationToken, (_, attempt) => Task.FromResult<Outcome<SignInAttemptEntity>>(attempt), changes: false);

    private static async Task<IResult> Prepare(HttpContext http, string id, FrontendRequest request, ClientResolver resolver, SignInService service, FrontendResponder responder, CancellationToken cancellationToken)
    {
        var fields = await request.FieldsAsync(http);
        return fields.Failed ? FrontendResponder.Error(http, fields.Error!)
            : await WithAttempt(http, id, resolver, service, responder, cancellationToken, (client, attempt) => service.PrepareFirstFactorAsync(client, attempt, fields.Value!, cancellationToken));
    }

    private static async Task<IResult> Attempt(HttpContext http, string id, FrontendRequest request, ClientResolver resolver, SignInService service, FrontendResponder responder, CancellationToken cancellationToken)
    {
        var fields = await request.FieldsAsync(http);
        return fields.Failed ? FrontendResponder.Error(http, fields.Error!)
            : await WithAttempt(http, id, resolver, service, responder, cancellationToken, (client, attempt) => service.AttemptFirstFactorAsync(http, client, attempt, fields.Value!, cancellationToken));
    }

    private static async Task<IResult> WithAttempt(
        HttpContext http, string id, ClientResolver resolver, SignInService service, FrontendResponder responder, CancellationToken cancellationToken,
        Func<ClientEntity, SignInAttemptEntity, Task<Outcome<SignInAttemptEntity>>> action, bool changes = true)
    {
        var client = await resolver.FindAsync(http, cancellationToken);
        if (client.Failed)
        {
            return FrontendResponder.Error(http, client.Error!);
        }

        var attempt = client.Value is null ? null : await service.FindAsync(client.Value, id, cancellationToken);
        if (attempt is null)
        {
            return FrontendResponder.Error(http, ApiErrors.NotFound(ErrorCodes.SignInNotFound, "sign-in"));
        }

        var outcome = await action(client.Value!, attempt);
        return outcome.Failed ? FrontendResponder.Error(http, outcome.Error!) : await Respond(http, client.Value!, outcome.Value!, responder, cancellationToken, changes);
    }

    private static async Task<IResult> Respond(HttpContext http, ClientEntity client, SignInAttemptEntity attempt, FrontendResponder responder, CancellationToken cancellationToken, bool changes = true)
    {
        var code = await responder.LatestCodeAsync(attempt.Id, cancellationToken);
        return await responder.EnvelopeAsync(http, client, _ => JsonMapper.SignIn(attempt, code), changes, cancellationToken,
            mintFor: attempt.Status == SignInService.Complete ? attempt.CreatedSessionId : null);
    }
}
