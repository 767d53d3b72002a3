using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace ServiceQueue.Tests.Realtime;

/// <summary>
/// One connection of the .NET SignalR client to a hub, in the test's process: it records what the server
/// pushes in arrival order and invokes hub methods, a refusal surfacing as the server's <c>HubException</c>.
/// </summary>
internal sealed class HubPeer : IAsyncDisposable
{
    /// <summary>Listening to this records each event of every <c>QueueEvents</c> batch as a push of its own.</summary>
    public const string QueueEvent = "QueueEvent";

    public const string QueueEvents = "QueueEvents";

    // Generous: only a message that never comes reaches it, never a slow machine.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private readonly HubConnection _connection;
    private readonly Channel<PushedMessage> _pushed = Channel.CreateUnbounded<PushedMessage>();

    private HubPeer(HubConnection connection, string[] listenTo)
    {
        _connection = connection;
        foreach (var method in listenTo)
        {
            if (method == QueueEvent)
            {
                // The hub sends a queue's events in batches: recorded one by one, in order, as before batching.
                connection.On<JsonElement>(QueueEvents, batch =>
                {
                    foreach (var e in batch.GetProperty("events").EnumerateArray())
                    {
                        _pushed.Writer.TryWrite(new PushedMessage(QueueEvent, e));
                    }
                });
            }
            else
            {
                connection.On<JsonElement>(method, data => _pushed.Writer.TryWrite(new PushedMessage(method, data)));
            }
        }
    }

    /// <summary>
    /// Connects over WebSockets with <paramref name="accessToken"/> as the bearer token (none when null),
    /// recording the pushes of <paramref name="listenTo"/>. A refused negotiation throws
    /// <see cref="HttpRequestException"/> carrying the status code.
    /// </summary>
    public static async Task<HubPeer> ConnectAsync(Uri hub, string? accessToken, params string[] listenTo)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(hub, options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                if (accessToken is not null)
                {
                    options.AccessTokenProvider = () => Task.FromResult<string?>(accessToken);
                }
            })
            .Build();
        var peer = new HubPeer(connection, listenTo);
        try
        {
            using var timeout = new CancellationTokenSource(Patience);
            await connection.StartAsync(timeout.Token);
            return peer;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>The method's result as JSON (<see cref="JsonValueKind.Undefined"/> for none); a hub refusal throws <c>HubException</c>.</summary>
    public async Task<JsonElement> InvokeAsync(string method, params object?[] arguments)
    {
        using var timeout = new CancellationTokenSource(Patience);
        return await _connection.InvokeCoreAsync(method, typeof(JsonElement), arguments, timeout.Token) is JsonElement result ? result : default;
    }

    /// <summary>The pushes of <paramref name="method"/> received from now up to and including the first that satisfies <paramref name="last"/>.</summary>
    public async Task<List<JsonElement>> ReceiveUntilAsync(string method, Func<JsonElement, bool> last)
    {
        var received = new List<JsonElement>();
        using var timeout = new CancellationTokenSource(Patience);
        while (received.Count == 0 || !last(received[^1]))
        {
            var message = await _pushed.Reader.ReadAsync(timeout.Token);
            if (message.Method == method)
            {
                received.Add(message.Data);
            }
        }

        return received;
    }

    /// <summary>The next push of <paramref name="method"/>.</summary>
    public async Task<JsonElement> NextAsync(string method) => (await ReceiveUntilAsync(method, _ => true))[^1];

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private sealed record PushedMessage(string Method, JsonElement Data);
}
