namespace Latchkey.Server.BackendApi.Http;

/// <summary>
/// Endpoint metadata marking an endpoint only Latchkey has (instance administration): its errors,
/// including authentication failures, are RFC 7807 problem details instead of the protocol's envelope.
/// </summary>
internal sealed class LatchkeyOnlyEndpoint
{
    public static LatchkeyOnlyEndpoint Instance { get; } = new();
}
