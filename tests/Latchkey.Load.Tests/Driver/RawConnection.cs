using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Latchkey.Load.Tests.Driver;

/// <summary>
/// A bare TCP connection to the server from a chosen loopback source address, for what an
/// <see cref="HttpClient"/> will not do: oversized or trickled requests, idle connections.
/// </summary>
public sealed class RawConnection : IDisposable
{
    private readonly Socket _socket;

    private RawConnection(Socket socket) => _socket = socket;

    public static async Task<RawConnection> OpenAsync(Uri server, IPAddress source)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(IPAddress.Loopback, server.Port);
            return new RawConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends bytes; false when the server has closed the connection meanwhile.</summary>
    public async Task<bool> TrySendAsync(string text)
    {
        try
        {
            await _socket.SendAsync(Encoding.ASCII.GetBytes(text));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Reads until the server closes or <paramref name="timeout"/> passes; the text read and whether it closed.</summary>
    public async Task<(string Text, bool Closed)> ReadUntilClosedAsync(TimeSpan timeout)
    {
        var text = new StringBuilder();
        var buffer = new byte[8192];
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var read = await _socket.ReceiveAsync(buffer, cancel.Token);
                if (read == 0)
                {
                    return (text.ToString(), true);
                }

                text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (OperationCanceledException)
        {
            return (text.ToString(), false);
        }
        catch (SocketException)
        {
            return (text.ToString(), true);
        }
    }

    /// <summary>Sends a whole request and reads the status code of the answer (0 when the connection closed without one).</summary>
    public async Task<int> RequestStatusAsync(string request, TimeSpan timeout)
    {
        await TrySendAsync(request);
        var clock = Stopwatch.StartNew();
        var buffer = new byte[8192];
        var text = new StringBuilder();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (!text.ToString().Contains("\r\n", StringComparison.Ordinal))
            {
                var read = await _socket.ReceiveAsync(buffer, cancel.Token);
                if (read == 0)
                {
                    break;
                }

                text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
        }

        var line = text.ToString();
        return line.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && line.Length >= 12 ? int.Parse(line.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    public void Dispose() => _socket.Dispose();
}
