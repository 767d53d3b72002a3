using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace ServiceQueue.AppHost.Hosting.Servers;

/// <summary>
/// Redis with a password and an append-only file: every write is logged, and fsynced as
/// <see cref="AppendFsync"/> says (default every second, Redis' own balance of safety and speed).
/// </summary>
public sealed class RedisServer : LocalServer
{
    private const string ServerBinary = "/usr/bin/redis-server";

    public RedisServer(LocalServerOptions options, string appendFsync = "everysec")
        : base("redis", options)
    {
        AppendFsync = appendFsync;
    }

    /// <summary><c>always</c>, <c>everysec</c> or <c>no</c>: when the append-only file reaches the disk.</summary>
    public string AppendFsync { get; }

    /// <summary>StackExchange.Redis format, as contracts.md names it.</summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port},password={Password}");

    protected override IEnumerable<(string Path, string Package)> Binaries => [(ServerBinary, "redis-server")];

    protected override Task PrepareAsync(CancellationToken cancellationToken)
    {
        // A config file rather than arguments keeps the password out of the process list.
        var config = string.Join('\n',
            $"port {Port}",
            "bind 127.0.0.1",
            "protected-mode yes",
            "daemonize no",
            "logfile \"\"",
            $"dir \"{DataDirectory}\"",
            "appendonly yes",
            $"appendfsync {AppendFsync}",
            "save \"\"",
            $"requirepass {Password}",
            "");
        WritePrivateFile(Path.Combine(DataDirectory, "redis.conf"), config);
        return Task.CompletedTask;
    }

    protected override IEnumerable<ProcessGroup> Launch()
    {
        yield return StartProcess(ServerBinary, [Path.Combine(DataDirectory, "redis.conf")]);
    }

    protected override async Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", Port, cancellationToken);
        var stream = client.GetStream();
        var command = $"*2\r\n$4\r\nAUTH\r\n${Encoding.UTF8.GetByteCount(Password)}\r\n{Password}\r\n*1\r\n$4\r\nPING\r\n";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(command), cancellationToken);

        const string expected = "+OK\r\n+PONG\r\n";
        var buffer = new byte[64];
        var received = 0;
        while (received < expected.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(received), cancellationToken);
            if (read == 0)
            {
                return false;
            }

            received += read;
        }

        // While Redis loads its append-only file it answers -LOADING: not ready yet.
        return Encoding.ASCII.GetString(buffer, 0, received) == expected;
    }
}
