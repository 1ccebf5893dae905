using System.Net;
using System.Net.Sockets;

namespace Consult.Server.Tests.Fixtures;

public static class FreePorts
{
    // Below Linux's ephemeral range (32768-60999 by default): a port picked here and bound a moment
    // later cannot be taken meanwhile by an outgoing connection's source port, as a port the kernel
    // handed out for port 0 could (a CI run on 2026-12-05 failed to bind one).
    private const int First = 20000;
    private const int End = 32768;

    /// <summary>A loopback port nobody listens on right now, outside the kernel's ephemeral range.</summary>
    public static int Next()
    {
        while (true)
        {
            var port = Random.Shared.Next(First, End);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }
    }
}
