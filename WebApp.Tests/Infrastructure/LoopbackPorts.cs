using System.Net;
using System.Net.Sockets;

namespace WebApp.Tests.Infrastructure;

/// <summary>
/// Free loopback ports for a process a test starts later (nginx, a published store), picked below the system's
/// ephemeral range. A port the system hands out for port 0 comes from that range, and it is free only until an outgoing
/// connection or another port-0 listener gets it: a fixture publishes the store for tens of seconds between picking
/// its ports and nginx binding them, and CI once lost every nginx test to "Address already in use".
/// </summary>
public static class LoopbackPorts
{
    private const int Lowest = 15_000;
    private static readonly int s_ephemeralStart = EphemeralStart();
    private static int s_next = Random.Shared.Next(Lowest, s_ephemeralStart);

    /// <summary><paramref name="count"/> distinct ports nothing listens on now, held together while they are picked.</summary>
    public static int[] Free(int count)
    {
        var held = new List<TcpListener>();
        try
        {
            while (held.Count < count)
            {
                var port = Lowest + (int)((uint)Interlocked.Increment(ref s_next) % (uint)(s_ephemeralStart - Lowest));
                var listener = new TcpListener(IPAddress.Loopback, port);
                try
                {
                    listener.Start();
                    held.Add(listener);
                }
                catch (SocketException)
                {
                    listener.Dispose();
                }
            }
            return [.. held.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in held) listener.Dispose();
        }
    }

    // The first port of the range the system picks from for port 0 and outgoing connections (Linux), 32768 when unknown.
    private static int EphemeralStart()
    {
        try
        {
            var first = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0];
            return int.TryParse(first, out var start) && start > Lowest + 1000 ? start : 32_768;
        }
        catch (IOException)
        {
            return 32_768;
        }
        catch (UnauthorizedAccessException)
        {
            return 32_768;
        }
    }
}
