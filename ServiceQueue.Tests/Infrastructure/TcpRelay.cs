using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ServiceQueue.Tests.Infrastructure;

/// <summary>
/// A TCP relay in front of a real server, so a test can make the server unreachable for one service
/// and reachable again without stopping it for everyone: closed, it drops every connection it accepts.
/// Stalled, it holds back what the server sends while still passing what the client sends (a publish
/// reaches RabbitMQ, but its confirm does not reach the publisher until the relay flows again).
/// </summary>
internal sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<TcpClient> _sockets = [];
    private readonly Task _accepting;
    private volatile bool _open;
    private volatile bool _stalled;

    public TcpRelay(string targetHost, int targetPort, bool open)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _open = open;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>While true, bytes from the server wait in the relay; none are lost.</summary>
    public bool IsStalled
    {
        get => _stalled;
        set => _stalled = value;
    }

    /// <summary>Opens or closes the relay; closing also cuts the connections already relayed.</summary>
    public bool IsOpen
    {
        get => _open;
        set
        {
            _open = value;
            if (!value)
            {
                while (_sockets.TryTake(out var socket))
                {
                    socket.Dispose();
                }
            }
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception error) when (error is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (!_open)
            {
                client.Dispose();
                continue;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var server = new TcpClient();
        try
        {
            await server.ConnectAsync(_targetHost, _targetPort, _stop.Token);
            _sockets.Add(client);
            _sockets.Add(server);
            await Task.WhenAny(
                client.GetStream().CopyToAsync(server.GetStream(), _stop.Token),
                PumpAsync(server.GetStream(), client.GetStream()));
        }
        catch (Exception error) when (error is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // Either side went away, or the relay was closed: the other side is cut below.
        }
        finally
        {
            client.Dispose();
        }
    }

    private async Task PumpAsync(Stream from, Stream to)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
        {
            while (_stalled)
            {
                await Task.Delay(10, _stop.Token);
            }

            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        IsOpen = false;
        _stop.Dispose();
    }
}
