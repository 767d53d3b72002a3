using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace ServiceQueue.Tests.Realtime;

/// <summary>
/// A hub connection spoken by hand over a raw WebSocket (SignalR's JSON protocol: records ending in 0x1E)
/// with a tiny receive buffer, so the test decides when it reads: between reads it is a client whose
/// socket has stopped, while it still answers the server's keep-alive with pings of its own.
/// </summary>
internal sealed class StalledHubClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private readonly ClientWebSocket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly StringBuilder _unread = new();
    private readonly Decoder _utf8 = Encoding.UTF8.GetDecoder();
    private readonly Queue<JsonElement> _messages = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private Task _pinging = Task.CompletedTask;
    private int _invocations;

    private StalledHubClient(ClientWebSocket socket) => _socket = socket;

    public static async Task<StalledHubClient> ConnectAsync(Uri hub, string accessToken)
    {
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                // Small buffers on our side: the server's writes back up after a few messages left unread.
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = 4096 };
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        var socket = new ClientWebSocket();
        var address = new UriBuilder(hub) { Scheme = "ws", Query = $"access_token={Uri.EscapeDataString(accessToken)}" }.Uri;
        using var timeout = new CancellationTokenSource(Patience);
        await socket.ConnectAsync(address, new HttpMessageInvoker(handler, disposeHandler: false), timeout.Token);
        var client = new StalledHubClient(socket);
        await client.SendAsync(new { protocol = "json", version = 1 });
        var handshake = await client.ReadAsync();
        Assert.False(handshake.TryGetProperty("error", out var error), error.ToString());
        return client;
    }

    /// <summary>Invokes a hub method and reads until its completion; what arrived meanwhile is kept for <see cref="ReadUntilAsync"/>.</summary>
    public async Task<JsonElement> InvokeAsync(string method, params object?[] arguments)
    {
        var id = Interlocked.Increment(ref _invocations).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await SendAsync(new { type = 1, invocationId = id, target = method, arguments });
        var kept = new List<JsonElement>();
        while (true)
        {
            var message = await ReadAsync();
            if (message.GetProperty("type").GetInt32() == 3 && message.GetProperty("invocationId").GetString() == id)
            {
                kept.ForEach(_messages.Enqueue);
                Assert.False(message.TryGetProperty("error", out var error), error.ToString());
                return message.TryGetProperty("result", out var result) ? result : default;
            }

            kept.Add(message);
        }
    }

    /// <summary>From now on the client reads nothing until told, but keeps pinging so the server does not time it out.</summary>
    public void StopReading() => _pinging = PingAsync(_stop.Token);

    /// <summary>The server's invocations (target and argument) from the first unread one up to the first that satisfies <paramref name="last"/>.</summary>
    public async Task<List<(string Target, JsonElement Argument)>> ReadUntilAsync(Func<string, JsonElement, bool> last)
    {
        var read = new List<(string, JsonElement)>();
        while (true)
        {
            var message = _messages.TryDequeue(out var held) ? held : await ReadAsync();
            if (message.GetProperty("type").GetInt32() != 1)
            {
                continue;
            }

            var target = message.GetProperty("target").GetString()!;
            var argument = message.GetProperty("arguments")[0];
            read.Add((target, argument));
            if (last(target, argument))
            {
                return read;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pinging.ContinueWith(static _ => { }, TaskScheduler.Default);
        _socket.Abort();
        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task PingAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await SendAsync(new { type = 6 });
            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        }
    }

    private async Task SendAsync(object message)
    {
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message) + RecordSeparator);
        await _sending.WaitAsync();
        try
        {
            using var timeout = new CancellationTokenSource(Patience);
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task<JsonElement> ReadAsync()
    {
        var buffer = new byte[16 * 1024];
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var text = _unread.ToString();
            var end = text.IndexOf(RecordSeparator, StringComparison.Ordinal);
            if (end >= 0)
            {
                _unread.Remove(0, end + 1);
                return JsonDocument.Parse(text[..end]).RootElement.Clone();
            }

            var received = await _socket.ReceiveAsync(buffer, timeout.Token);
            // A character may straddle two reads: the decoder keeps its first bytes for the next.
            var characters = new char[_utf8.GetCharCount(buffer, 0, received.Count)];
            _utf8.GetChars(buffer, 0, received.Count, characters, 0);
            _unread.Append(characters);
        }
    }
}
