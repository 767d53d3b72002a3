using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;

namespace ServiceQueue.AppHost.LocalServers;

/// <summary>
/// A single RabbitMQ node with the management plugin, run from Debian's files as root. Erlang's
/// port mapper (epmd) is started as our own child on a private port, so that nothing outlives the
/// node and parallel nodes never meet.
/// </summary>
public sealed class RabbitMqServer : LocalServer
{
    public const string ApplicationUser = "servicequeue";

    private const string ServerScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    private const string PortMapper = "/usr/bin/epmd";

    private readonly string _nodeName;
    private readonly int _portMapperPort = FreePort.Next();
    private readonly int _distributionPort = FreePort.Next();

    public RabbitMqServer(LocalServerOptions options, string? nodeName = null)
        : base("rabbitmq", options)
    {
        ManagementPort = FreePort.Next();
        _nodeName = nodeName ?? $"sq{Secrets.Password(8).ToLowerInvariant()}";
    }

    public int ManagementPort { get; }

    /// <summary>The default virtual host, as an AMQP URI (contracts.md).</summary>
    public string ConnectionString => ConnectionStringFor("/");

    public Uri ManagementUri => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{ManagementPort}/"));

    protected override IEnumerable<(string Path, string Package)> Binaries =>
        [(ServerScript, "rabbitmq-server"), (PortMapper, "erlang-base")];

    private string Node => $"{_nodeName}@localhost";

    public string ConnectionStringFor(string virtualHost) => string.Create(
        CultureInfo.InvariantCulture,
        $"amqp://{ApplicationUser}:{Password}@127.0.0.1:{Port}/{(virtualHost == "/" ? string.Empty : Uri.EscapeDataString(virtualHost))}");

    /// <summary>Creates a virtual host the application user may use fully (tests use one each).</summary>
    public async Task<string> CreateVirtualHostAsync(string virtualHost, CancellationToken cancellationToken = default)
    {
        using var http = ManagementClient();
        var name = Uri.EscapeDataString(virtualHost);
        (await http.PutAsync($"api/vhosts/{name}", null, cancellationToken)).EnsureSuccessStatusCode();
        (await http.PutAsJsonAsync(
            $"api/permissions/{name}/{ApplicationUser}",
            new { configure = ".*", write = ".*", read = ".*" },
            cancellationToken)).EnsureSuccessStatusCode();
        return ConnectionStringFor(virtualHost);
    }

    /// <summary>An HttpClient for the management API, signed in as the application user.</summary>
    public HttpClient ManagementClient()
    {
        var http = new HttpClient { BaseAddress = ManagementUri, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ApplicationUser}:{Password}")));
        return http;
    }

    protected override Task PrepareAsync(CancellationToken cancellationToken)
    {
        foreach (var folder in new[] { "mnesia", "log", "home" })
        {
            Directory.CreateDirectory(Path.Combine(DataDirectory, folder));
        }

        var definitions = Path.Combine(DataDirectory, "definitions.json");
        WritePrivateFile(definitions, Definitions(Password));
        WritePrivateFile(Path.Combine(DataDirectory, "enabled_plugins"), "[rabbitmq_management].\n");
        WritePrivateFile(Path.Combine(DataDirectory, "rabbitmq.conf"), ConfigFile(
            definitions,
            $"listeners.tcp.default = 127.0.0.1:{Port}",
            "management.tcp.ip = 127.0.0.1",
            $"management.tcp.port = {ManagementPort}"));
        return Task.CompletedTask;
    }

    protected override IEnumerable<ProcessGroup> Launch()
    {
        yield return StartProcess(PortMapper, ["-port", Invariant(_portMapperPort), "-address", "127.0.0.1"]);
        yield return StartProcess(ServerScript, [], new Dictionary<string, string?>
        {
            ["HOME"] = Path.Combine(DataDirectory, "home"),
            ["ERL_EPMD_PORT"] = Invariant(_portMapperPort),
            ["RABBITMQ_NODENAME"] = Node,
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = Invariant(Port),
            ["RABBITMQ_DIST_PORT"] = Invariant(_distributionPort),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(DataDirectory, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(DataDirectory, "log"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(DataDirectory, "rabbitmq"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(DataDirectory, "enabled_plugins"),
            ["RABBITMQ_ALLOW_INPUT"] = null,
        });
    }

    protected override async Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = new Uri(ConnectionString), RequestedConnectionTimeout = TimeSpan.FromSeconds(2) };
        await using (var connection = await factory.CreateConnectionAsync(cancellationToken))
        {
        }

        using var http = ManagementClient();
        using var response = await http.GetAsync("api/overview", cancellationToken);
        return response.IsSuccessStatusCode;
    }

    /// <summary>
    /// The configuration both this server and the AppHost's RabbitMQ resource run with, plus <paramref name="listeners"/>
    /// (the resource passes its ports in the environment instead). Definitions are imported at every boot, so the
    /// user's password follows the secret the caller keeps.
    /// </summary>
    public static string ConfigFile(string definitionsFile, params string[] listeners) => string.Join('\n', [
        .. listeners,
        "loopback_users = none",
        $"load_definitions = {definitionsFile}",
        "log.console = true",
        "log.console.level = warning",
        "log.file = false",
        ""]);

    /// <summary>
    /// The definitions the node imports at every boot (so the user's password follows the secret the caller
    /// keeps): the application user, an administrator, with every right on the default virtual host.
    /// </summary>
    public static string Definitions(string password) => JsonSerializer.Serialize(new
    {
        users = new[]
        {
            new { name = ApplicationUser, password_hash = HashPassword(password), hashing_algorithm = "rabbit_password_hashing_sha256", tags = new[] { "administrator" } },
        },
        vhosts = new[] { new { name = "/" } },
        permissions = new[] { new { user = ApplicationUser, vhost = "/", configure = ".*", write = ".*", read = ".*" } },
    });

    /// <summary>RabbitMQ's stored form: base64(salt ‖ SHA-256(salt ‖ UTF-8 password)) with a 4-byte salt.</summary>
    private static string HashPassword(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(4);
        var hash = SHA256.HashData([.. salt, .. Encoding.UTF8.GetBytes(password)]);
        return Convert.ToBase64String([.. salt, .. hash]);
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
