using Latchkey.Server.Clients;
using Latchkey.Server.FrontendApi.Errors;
using Latchkey.Server.FrontendApi.Http;
using Latchkey.Server.FrontendApi.Json;
using Latchkey.Server.Storage.Entities;

namespace Latchkey.Server.FrontendApi.SignUps;

/// <summary><c>/v1/client/sign_ups</c>: create, read, update, prepare and attempt verification.</summary>
internal static class SignUpEndpoints
{
    public static RouteGroupBuilder MapSignUps(this RouteGroupBuilder group)
    {
        group.MapPost("/client/sign_ups", Create).RequireCredentialBudgets();
        group.MapGet("/client/sign_ups/{id}", Get);
        group.MapPatch("/client/sign_ups/{id}", Update).RequireCredentialBudgets();
        group.MapPost("/client/sign_ups/{id}/prepare_verification", Prepare).RequireCredentialBudgets();
        group.MapPost("/client/sign_ups/{id}/attempt_verification", Attempt).RequireCredentialBudgets();
        return group;
    }

    private static async Task<IResult> Create(HttpContext http, FrontendRequest request, ClientResolver resolver, SignUpService service, FrontendResponder responder, CancellationToken cancellationToken)
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

    private static Task<IResult> Get(HttpContext http, string id, ClientResolver resolver, SignUpService service, FrontendResponder responder, CancellationToken cancellationToken) =>
        WithAttempt(http, id, resolver, service, responder, cancellationToken, (_, attempt) => Task.FromResult<Outcome<SignUpAttemptEntity>>(attempt), changes: false);

    private static async Task<IResult> Update(HttpContext http, string id, FrontendRequest request, ClientResolver resolver, SignUpService service, FrontendResponder responder, CancellationToken cancellationToken)
    {
        var fields = await request.FieldsAsync(http);
        return fields.Failed ? FrontendResponder.Error(http, fields.Error!)
            : await WithAttempt(http, id, resolver, service, responder, cancellationToken, (client, attempt) => service.UpdateAsync(http, client, attempt, fields.Value!, cancellationToken));
    }

    private static async Task<IResult> Prepare(HttpContext http, string id, FrontendRequest request, ClientResolver resolver, SignUpService service, FrontendResponder responder, CancellationToken cancellationToken)
    {
        var fields = await request.FieldsAsync(http);
        return fields.Failed ? FrontendResponder.Error(http, fields.Error!)
            : await WithAttempt(http, id, resolver, service, responder, cancellationToken, (client, attempt) => service.PrepareVerificationAsync(client, attempt, fields.Value!, cancellationToken));
    }

    private static async Task<IResult> Attempt(HttpContext http, string id, FrontendRequest request, ClientResolver resolver, SignUpService service, FrontendResponder responder, CancellationToken cancellationToken)
    {
        var fields = await request.FieldsAsync(http);
        return fields.Failed ? FrontendResponder.Error(http, fields.Error!)
            : await WithAttempt(http, id, resolver, service, responder, cancellationToken, (client, attempt) => service.AttemptVerificationAsync(http, client, attempt, fields.Value!, cancellationToken));
    }

    private static async Task<IResult> WithAttempt(
        HttpContext http, string id, ClientResolver resolver, SignUpService service, FrontendResponder responder, CancellationToken cancellationToken,
        Func<ClientEntity, SignUpAttemptEntity, Task<Outcome<SignUpAttemptEntity>>> action, bool changes = true)
    {
        var client = await resolver.FindAsync(http, cancellationToken);
        if (client.Failed)
        {
            return FrontendResponder.Error(http, client.Error!);
        }

        var attempt = client.Value is null ? null : await service.FindAsync(client.Value, id, cancellationToken);
        if (attempt is null)
        {
            return FrontendResponder.Error(http, ApiErrors.NotFound(ErrorCodes.SignUpNotFound, "sign-up"));
        }

        var outcome = await action(client.Value!, attempt);
        return outcome.Failed ? FrontendResponder.Error(http, outcome.Error!) : await Respond(http, client.Value!, outcome.Value!, responder, cancellationToken, changes);
    }

    private static async Task<IResult> Respond(HttpContext http, ClientEntity client, SignUpAttemptEntity attempt, FrontendResponder responder, CancellationToken cancellationToken, bool changes = true)
    {
        var code = await responder.LatestCodeAsync(attempt.Id, cancellationToken);
        return await responder.EnvelopeAsync(http, client, _ => JsonMapper.SignUp(attempt, code), changes, cancellationToken,
            mintFor: attempt.Status == SignUpService.Complete ? attempt.CreatedSessionId : null);
    }
}
