using System.Net.Sockets;
using MySqlConnector;
using RabbitMQ.Client;
using ServiceQueue.AppHost.LocalServers;
using ServiceQueue.Tests.Infrastructure;
using StackExchange.Redis;

namespace ServiceQueue.Tests.Servers;

public sealed class LocalServerLifecycleTests : IDisposable
{
    private readonly RunFolder _folder = RunFolder.Create(TestServers.RunsParent);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Redis_starts_answers_with_its_password_and_stops_leaving_no_process()
    {
        await using var redis = new RedisServer(new LocalServerOptions { DataDirectory = _folder.For("redis") });
        await redis.StartAsync();
        var processes = redis.Processes.Select(p => p.Identity).ToList();

        using (var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString))
        {
            var db = connection.GetDatabase();
            await db.StringSetAsync("k", "v");
            Assert.Equal("v", (string?)await db.StringGetAsync("k"));
        }

        await Assert.ThrowsAsync<RedisConnectionException>(() =>
            ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis.Port},password=wrong,connectTimeout=2000"));

        await redis.StopAsync();
        AssertAllEnded(processes);
        Assert.False(Listening(redis.Port));
    }

    [Fact]
    public async Task Redis_keeps_its_data_across_a_restart_in_the_same_folder()
    {
        var options = new LocalServerOptions { DataDirectory = _folder.For("redis"), Password = Secrets.Password() };
        await using (var first = new RedisServer(options))
        {
            await first.StartAsync();
            using var connection = await ConnectionMultiplexer.ConnectAsync(first.ConnectionString);
            await connection.GetDatabase().StringSetAsync("kept", "yes");
        }

        await using var second = new RedisServer(options with { Port = null });
        await second.StartAsync();
        using var again = await ConnectionMultiplexer.ConnectAsync(second.ConnectionString);
        Assert.Equal("yes", (string?)await again.GetDatabase().StringGetAsync("kept"));
    }

    [Fact]
    public async Task MariaDb_provisions_the_application_database_and_user_then_stops_leaving_no_process()
    {
        await using var mySql = new MariaDbServer(new LocalServerOptions { DataDirectory = _folder.For("mysql") });
        await mySql.StartAsync();
        var processes = mySql.Processes.Select(p => p.Identity).ToList();

        // What the application needs: utf8mb4 text (CJK, emoji) round-trips through its own database.
        await using (var connection = new MySqlConnection(mySql.ConnectionString))
        {
            await connection.OpenAsync();
            await using var write = new MySqlCommand(
                "CREATE TABLE greeting (id INT PRIMARY KEY, text VARCHAR(50) NOT NULL) CHARACTER SET utf8mb4; "
                + "INSERT INTO greeting VALUES (1, 'olá 名前 😀')",
                connection);
            await write.ExecuteNonQueryAsync();
            await using var read = new MySqlCommand("SELECT text FROM servicequeuedb.greeting WHERE id = 1", connection);
            Assert.Equal("olá 名前 😀", (string?)await read.ExecuteScalarAsync());
        }

        var other = await mySql.CreateDatabaseAsync("second_db");
        await using (var connection = new MySqlConnection(other))
        {
            await connection.OpenAsync();
            await using var create = new MySqlCommand("CREATE TABLE t (id INT PRIMARY KEY)", connection);
            await create.ExecuteNonQueryAsync();
        }

        await mySql.StopAsync();
        AssertAllEnded(processes);
        Assert.False(Listening(mySql.Port));
    }

    [Fact]
    public async Task RabbitMq_accepts_the_application_user_creates_virtual_hosts_and_stops_leaving_no_process()
    {
        await using var rabbitMq = new RabbitMqServer(new LocalServerOptions { DataDirectory = _folder.For("rabbitmq") });
        await rabbitMq.StartAsync();
        var processes = rabbitMq.Processes.Select(p => p.Identity).ToList();
        Assert.Equal(2, processes.Count); // the node and its private port mapper

        var uri = await rabbitMq.CreateVirtualHostAsync("lifecycle");
        var factory = new ConnectionFactory { Uri = new Uri(uri) };
        await using (var connection = await factory.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            var queue = await channel.QueueDeclareAsync("probe", durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
            Assert.Equal("probe", queue.QueueName);
        }

        await rabbitMq.StopAsync();
        AssertAllEnded(processes);
        Assert.False(Listening(rabbitMq.Port));
    }

    [Fact]
    public async Task A_server_that_cannot_start_fails_with_a_clear_error_and_leaves_no_process()
    {
        using var occupied = new TcpListener(System.Net.IPAddress.Loopback, 0);
        occupied.Start();
        var port = ((System.Net.IPEndPoint)occupied.LocalEndpoint).Port;
        await using var redis = new RedisServer(new LocalServerOptions { DataDirectory = _folder.For("redis"), Port = port });

        var error = await Assert.ThrowsAsync<LocalServerException>(() => redis.StartAsync());

        Assert.Contains("redis exited", error.Message, StringComparison.Ordinal);
        Assert.Empty(redis.Processes);
    }

    [Fact]
    public async Task Servers_left_by_a_killed_run_are_ended_by_the_next_run()
    {
        var parent = Path.Combine(_folder.Path, "runs");
        Directory.CreateDirectory(parent);
        var killedRun = Directory.CreateDirectory(Path.Combine(parent, "killed-run")).FullName;
        var redis = new RedisServer(new LocalServerOptions { DataDirectory = Path.Combine(killedRun, "redis") });
        await redis.StartAsync();
        var processes = redis.Processes.Select(p => p.Identity).ToList();
        // The run's owner is a process that has since died, as a killed test host or AppHost would.
        File.WriteAllText(Path.Combine(killedRun, "owner"), await DeadProcessAsync());

        RunFolder.SweepAbandoned(parent);

        await WaitUntilAsync(() => processes.All(p => !p.IsAlive()));
        AssertAllEnded(processes);
        Assert.False(Directory.Exists(killedRun));
    }

    [Fact]
    public void A_missing_binary_names_the_apt_get_command_that_installs_it()
    {
        var error = Assert.Throws<LocalServerException>(() =>
            ServerBinaries.EnsureInstalled([("/nonexistent/redis-server", "redis-server")]));

        Assert.Contains("apt-get install -y redis-server", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    /// <summary>
    /// The identity of a process that has ended. It is read while the process surely runs: one that
    /// exits on its own may be gone before its start time is read, and a pid without one names nobody.
    /// </summary>
    private static async Task<string> DeadProcessAsync()
    {
        using var process = System.Diagnostics.Process.Start("sleep", "60")!;
        var identity = ProcessIdentity.Of(process.Id);
        Assert.True(identity.IsAlive(), "the stand-in owner should run until it is killed");
        process.Kill();
        await process.WaitForExitAsync();
        Assert.False(identity.IsAlive());
        return identity.ToString();
    }

    private static void AssertAllEnded(IEnumerable<ProcessIdentity> processes) =>
        Assert.All(processes, p => Assert.False(p.IsAlive(), $"process {p.Pid} is still running"));

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 600 && !condition(); i++) // up to 30 s: a busy machine reaps late, never wrongly
        {
            await Task.Delay(50);
        }
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
