using System.Net;
using System.Net.Sockets;

namespace Latchkey.Load.Tests.Driver;

/// <summary>
/// One <see cref="HttpClient"/> per loopback source address (127.0.&lt;block&gt;.1, .2, ...): the
/// server sees each as a different client IP. Sockets bind their local end through
/// <see cref="SocketsHttpHandler.ConnectCallback"/>; cookies are sent by hand (no cookie jar),
/// so thousands of simulated browsers share a few connection pools.
/// </summary>
public sealed class SourceAddresses : IDisposable
{
    private readonly HttpClient[] _clients;

    /// <param name="baseAddress">The server.</param>
    /// <param name="count">How many source addresses (1 to 250).</param>
    /// <param name="block">Third octet, so that different groups of clients never share an address.</param>
    /// <param name="connectionsPerAddress">Connection pool size per address.</param>
    public SourceAddresses(Uri baseAddress, int count, int block = 10, int connectionsPerAddress = 8)
    {
        Addresses = Enumerable.Range(1, count).Select(i => new IPAddress([127, 0, (byte)block, (byte)i])).ToArray();
        _clients = Addresses.Select(address => new HttpClient(Handler(address, connectionsPerAddress))
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(15),
        }).ToArray();
    }

    public IReadOnlyList<IPAddress> Addresses { get; }

    public int Count => _clients.Length;

    public HttpClient this[int index] => _clients[index % _clients.Length];

    public static SocketsHttpHandler Handler(IPAddress source, int connections) => new()
    {
        UseCookies = false,
        AllowAutoRedirect = false,
        MaxConnectionsPerServer = connections,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(20),
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }
}
