namespace Latchkey.Load.Tests.Driver;

/// <summary>One simulated browser: its <c>__client</c> cookie, its signed-in session, its source address.</summary>
public sealed class SimulatedClient(int address, string clientCookie, string sessionId, string email)
{
    public int Address { get; } = address;

    public string ClientCookie { get; } = clientCookie;

    public string SessionId { get; } = sessionId;

    public string Email { get; } = email;
}
