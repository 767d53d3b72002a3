using System.Net;
using System.Net.Sockets;

namespace ServiceQueue.AppHost.LocalServers;

/// <summary>Finds loopback ports nobody listens on right now, for listeners that bind a moment later.</summary>
public static class FreePort
{
    // Below Linux's ephemeral range (32768-60999): a port picked there can be taken by some
    // outgoing connection before its listener binds, which busy test runs did hit.
    private const int First = 20000;
    private const int Last = 32000;

    private static readonly HashSet<int> HandedOut = [];
    private static readonly Lock Gate = new();

    public static int Next()
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = Random.Shared.Next(First, Last + 1);
            lock (Gate)
            {
                if (!HandedOut.Add(port))
                {
                    continue;
                }
            }

            if (CanListen(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free loopback port between {First} and {Last}.");
    }

    private static bool CanListen(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
