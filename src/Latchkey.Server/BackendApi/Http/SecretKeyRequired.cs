namespace Latchkey.Server.BackendApi.Http;

/// <summary>Endpoint metadata: the endpoint requires a secret key (used to describe the OpenAPI security requirement).</summary>
internal sealed class SecretKeyRequired
{
    public static SecretKeyRequired Instance { get; } = new();
}
