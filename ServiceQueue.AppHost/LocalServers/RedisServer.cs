using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace ServiceQueue.AppHost.LocalServers;

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
        WritePrivateFile(Path.Combine(DataDirectory, "redis.conf"), ConfigFile(DataDirectory, Password, AppendFsync, Port));
        return Task.CompletedTask;
    }

    /// <summary>
    /// The configuration both this server and the AppHost's Redis resource run with. A file rather than
    /// arguments keeps the password out of the process list; without <paramref name="port"/> the port is
    /// given on the command line (DCP allocates it).
    /// </summary>
    public static string ConfigFile(string dataDirectory, string password, string appendFsync = "everysec", int? port = null) => string.Join('\n',
        port is { } p ? $"port {p}" : "# port: on the command line",
        "bind 127.0.0.1",
        "protected-mode yes",
        "daemonize no",
        "logfile \"\"",
        $"dir \"{dataDirectory}\"",
        "appendonly yes",
        $"appendfsync {appendFsync}",
        "save \"\"",
        $"requirepass {password}",
        "");

    protected override IEnumerable<ProcessGroup> Launch()
    {
        yield return StartProcess(ServerBinary, [Path.Combine(DataDirectory, "redis.conf")]);
    }

    protected override Task<bool> ProbeAsync(CancellationToken cancellationToken) =>
        PingAsync("127.0.0.1", Port, Password, cancellationToken);

    /// <summary>True when AUTH and PING answer +OK and +PONG (false while Redis loads its append-only file: -LOADING).</summary>
    public static async Task<bool> PingAsync(string host, int port, string password, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, cancellationToken);
            var stream = client.GetStream();
            var command = $"*2\r\n$4\r\nAUTH\r\n${Encoding.UTF8.GetByteCount(password)}\r\n{password}\r\n*1\r\n$4\r\nPING\r\n";
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

            return Encoding.ASCII.GetString(buffer, 0, received) == expected;
        }
        catch (Exception error) when (error is SocketException or IOException)
        {
            return false;
        }
    }
}
