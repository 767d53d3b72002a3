using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using ServiceQueue.Tests.Interop;

namespace ServiceQueue.Tests.Realtime;

/// <summary>
/// The official SignalR JavaScript client, the one the pages use (<c>Interop/signalr-client.js</c> under
/// Node), holding any number of named hub connections. Tests invoke hub methods through it and read what
/// the server pushed.
/// </summary>
internal sealed class JavaScriptHubPeer : IAsyncDisposable
{
    // Generous: only a hung client reaches it, never a slow machine.
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromMinutes(2);

    private readonly Process _process;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly Lock _writeLock = new();
    private int _nextId;

    private JavaScriptHubPeer(Process process)
    {
        _process = process;
        _ = ReadAsync();
        _ = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                _errors.Enqueue(line);
            }
        });
    }

    /// <summary>Every message the server sent, as (connection, method, argument), in arrival order.</summary>
    public Channel<PushedMessage> Messages { get; } = Channel.CreateUnbounded<PushedMessage>();

    public static JavaScriptHubPeer Start() => new(NodeScript.Start("signalr-client.js", "@microsoft/signalr"));

    /// <summary>Opens a connection named <paramref name="connection"/>; the answer says whether the server accepted it.</summary>
    public Task<Answer> ConnectAsync(string connection, Uri hub, string? accessToken, params string[] listenTo) =>
        SendAsync(new JsonObject
        {
            ["op"] = "connect",
            ["conn"] = connection,
            ["url"] = hub.ToString(),
            ["token"] = accessToken,
            ["on"] = new JsonArray([.. listenTo.Select(name => (JsonNode)name)]),
        });

    public Task<Answer> InvokeAsync(string connection, string method, params object?[] arguments) =>
        SendAsync(new JsonObject
        {
            ["op"] = "invoke",
            ["conn"] = connection,
            ["method"] = method,
            ["args"] = JsonSerializer.SerializeToNode(arguments),
        });

    /// <summary>The next message <paramref name="method"/> pushed on <paramref name="connection"/>; others are skipped.</summary>
    public async Task<JsonElement> NextAsync(string connection, string method)
    {
        using var timeout = new CancellationTokenSource(AnswerTimeout);
        while (true)
        {
            var message = await Messages.Reader.ReadAsync(timeout.Token);
            if (message.Connection == connection && message.Method == method)
            {
                return message.Data;
            }
        }
    }

    public ValueTask DisposeAsync() => NodeScript.StopAsync(_process);

    private async Task<Answer> SendAsync(JsonObject request)
    {
        var id = Interlocked.Increment(ref _nextId);
        request["id"] = id;
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        var line = request.ToJsonString();
        lock (_writeLock)
        {
            _process.StandardInput.WriteLine(line);
            _process.StandardInput.Flush();
        }

        try
        {
            return Answer.From(await answer.Task.WaitAsync(AnswerTimeout));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"signalr-client.js did not answer {line[..Math.Min(200, line.Length)]}. stderr: {string.Join('\n', _errors)}");
        }
    }

    private async Task ReadAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.TryGetProperty("id", out var id) && _pending.TryRemove(id.GetInt32(), out var answer))
            {
                answer.TrySetResult(root.Clone());
            }
            else if (root.TryGetProperty("event", out var name))
            {
                Messages.Writer.TryWrite(new PushedMessage(root.GetProperty("conn").GetString()!, name.GetString()!, root.GetProperty("data").Clone()));
            }
        }

        Messages.Writer.TryComplete();
    }

    /// <summary>A message the server pushed on connection <see cref="Connection"/>.</summary>
    public sealed record PushedMessage(string Connection, string Method, JsonElement Data);

    /// <summary>The outcome of one request: a result, or the client's error text (which carries the hub's message).</summary>
    public sealed record Answer(bool Ok, JsonElement Result, string? Error)
    {
        public static Answer From(JsonElement element) => new(
            element.GetProperty("ok").GetBoolean(),
            element.TryGetProperty("result", out var result) ? result.Clone() : default,
            element.TryGetProperty("error", out var error) ? error.GetString() : null);
    }
}
