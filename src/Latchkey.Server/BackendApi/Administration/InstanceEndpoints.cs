using Latchkey.Server.BackendApi.Http;
using Latchkey.Server.FrontendApi.Json;
using Latchkey.Server.Keys;

namespace Latchkey.Server.BackendApi.Administration;

/// <summary>
/// Instance administration (Latchkey-only, used by the <c>latchkey</c> CLI): the publishable key and
/// PEM public key, signing-key rotation, secret keys. Errors are RFC 7807 problem details with a
/// stable <c>code</c>.
/// </summary>
internal static class InstanceEndpoints
{
    private static readonly IReadOnlySet<string> CreateSecretKeyFields = new HashSet<string>(StringComparer.Ordinal) { "name" };
    private static readonly IReadOnlySet<string> NoFields = new HashSet<string>(StringComparer.Ordinal);

    public static RouteGroupBuilder MapInstanceAdministration(this RouteGroupBuilder group)
    {
        group.MapGet("/instance/keys", Keys)
            .WithName("GetInstanceKeys").WithSummary("The publishable key, the PEM public key of the signing key, and every published signing key").Produces<InstanceKeysJson>();
        group.MapPost("/instance/signing_keys/rotate", Rotate)
            .WithName("RotateSigningKey").WithSummary("Rotate the signing key: the new key is published now and signs after two refresh intervals; the old one stays published until its tokens expired")
            .Produces<SigningKeyRotationJson>().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/secret_keys", ListSecretKeys)
            .WithName("ListSecretKeys").WithSummary("List the secret keys (hints only, never the keys)").Produces<SecretKeyJson[]>();
        group.MapPost("/secret_keys", CreateSecretKey)
            .WithName("CreateSecretKey").WithSummary("Create a secret key; the answer is the only place it is ever shown").Produces<CreatedSecretKeyJson>(StatusCodes.Status201Created);
        group.MapPost("/secret_keys/{id}/revoke", RevokeSecretKey)
            .WithName("RevokeSecretKey").WithSummary("Revoke a secret key (effective at once on every instance); the last live key cannot be revoked")
            .Produces<SecretKeyJson>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static IResult Keys(SigningKeyStore store, InstanceKeys keys) => BackendResults.Json(keys.Describe(store));

    private static async Task<IResult> Rotate(HttpContext http, BackendRequest request, SigningKeyStore store, CancellationToken cancellationToken)
    {
        var body = await request.BodyAsync(http, NoFields);
        if (body.Failed)
        {
            return BackendResults.Error(http, body.Error!);
        }

        var rotation = await store.RotateAsync(cancellationToken);
        return rotation.Failed
            ? BackendResults.Error(http, rotation.Error!)
            : BackendResults.Json(new SigningKeyRotationJson(rotation.Value!.Kid, JsonMapper.Ms(rotation.Value.ActivatesAt), rotation.Value.RetiredKids, JsonMapper.Ms(rotation.Value.RetiredKeysPublishedUntil)));
    }

    private static async Task<IResult> ListSecretKeys(HttpContext http, SecretKeyAdmin admin, CancellationToken cancellationToken) =>
        BackendResults.Json(await admin.ListAsync(SecretKeyFilter.KeyId(http), cancellationToken));

    private static async Task<IResult> CreateSecretKey(HttpContext http, BackendRequest request, SecretKeyAdmin admin, CancellationToken cancellationToken)
    {
        var body = await request.BodyAsync(http, CreateSecretKeyFields);
        if (body.Failed)
        {
            return BackendResults.Error(http, body.Error!);
        }

        var created = await admin.CreateAsync(body.Value!, SecretKeyFilter.KeyId(http), cancellationToken);
        return created.Failed ? BackendResults.Error(http, created.Error!) : BackendResults.Json(created.Value!, StatusCodes.Status201Created);
    }

    private static async Task<IResult> RevokeSecretKey(HttpContext http, string id, SecretKeyAdmin admin, CancellationToken cancellationToken)
    {
        var revoked = await admin.RevokeAsync(id, SecretKeyFilter.KeyId(http), cancellationToken);
        return revoked.Failed ? BackendResults.Error(http, revoked.Error!) : BackendResults.Json(revoked.Value!);
    }
}
