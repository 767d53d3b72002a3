using System.Globalization;
using MySqlConnector;

namespace ServiceQueue.AppHost.LocalServers;

/// <summary>
/// MariaDB (the MySQL protocol) with the application database and an application user. The root
/// account only exists on the server's Unix socket, inside its data folder.
/// </summary>
public sealed class MariaDbServer : LocalServer
{
    public const string ApplicationUser = "servicequeue";

    private const string ServerBinary = "/usr/sbin/mariadbd";
    private const string InstallBinary = "/usr/bin/mariadb-install-db";

    public MariaDbServer(LocalServerOptions options, string databaseName = "servicequeuedb")
        : base("mysql", options)
    {
        DatabaseName = databaseName;
    }

    public string DatabaseName { get; }

    /// <summary>The application database, in the MySQL driver format contracts.md names.</summary>
    public string ConnectionString => ConnectionStringFor(DatabaseName);

    protected override IEnumerable<(string Path, string Package)> Binaries =>
        [(ServerBinary, "mariadb-server"), (InstallBinary, "mariadb-server")];

    private string DataFiles => Path.Combine(DataDirectory, "data");

    private string SocketPath => Path.Combine(DataDirectory, "mysqld.sock");

    private string RootConnectionString => $"Server={SocketPath};Protocol=Unix;User ID=root;Pooling=false;Connection Timeout=5";

    public string ConnectionStringFor(string database) => string.Create(
        CultureInfo.InvariantCulture,
        $"Server=127.0.0.1;Port={Port};User ID={ApplicationUser};Password={Password};Database={database}");

    /// <summary>Creates another database the application user owns (tests use one each) and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string database, CancellationToken cancellationToken = default)
    {
        await ExecuteAsRootAsync(
            $"CREATE DATABASE IF NOT EXISTS `{CheckName(database)}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; "
            + $"GRANT ALL PRIVILEGES ON `{database}`.* TO '{ApplicationUser}'@'%';",
            cancellationToken);
        return ConnectionStringFor(database);
    }

    protected override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (Directory.Exists(Path.Combine(DataFiles, "mysql")))
        {
            return;
        }

        // Seen failing now and then when several installs run at once on a loaded machine: a fresh
        // folder and another try, then the installer's own last words in the error.
        const int attempts = 3;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        for (var attempt = 1; ; attempt++)
        {
            var install = StartProcess(
                InstallBinary,
                ["--no-defaults", $"--datadir={DataFiles}", "--auth-root-authentication-method=normal", "--skip-test-db", "--user=root"],
                alsoTo: output.Enqueue);
            await install.Exited.WaitAsync(cancellationToken);
            await install.StopAsync(TimeSpan.Zero); // ends its watchdog
            if (install.ExitCode == 0)
            {
                return;
            }

            if (attempt == attempts)
            {
                throw new LocalServerException(
                    $"mariadb-install-db failed with code {install.ExitCode} in {DataFiles}, {attempts} times; it said: "
                    + string.Join(" / ", output.TakeLast(8)));
            }

            if (Directory.Exists(DataFiles))
            {
                Directory.Delete(DataFiles, recursive: true);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken);
        }
    }

    protected override IEnumerable<ProcessGroup> Launch()
    {
        yield return StartProcess(
            ServerBinary,
            [
                "--no-defaults",
                $"--datadir={DataFiles}",
                $"--port={Port}",
                "--bind-address=127.0.0.1",
                $"--socket={SocketPath}",
                $"--pid-file={Path.Combine(DataDirectory, "mysqld.pid")}",
                "--user=root",
                "--skip-name-resolve",
                // Every database's connection string has a pool of its own (EF Core over MySqlConnector): a test run
                // with one database per test holds far more idle connections than the default 151 allows.
                "--max-connections=1000",
                // utf8mb4 end to end: with latin1 defaults a client that takes the server's charset turns CJK and emoji into '?'.
                "--character-set-server=utf8mb4",
                "--collation-server=utf8mb4_unicode_ci",
            ]);
    }

    protected override async Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(RootConnectionString);
        await connection.OpenAsync(cancellationToken);
        return true;
    }

    protected override async Task ProvisionAsync(CancellationToken cancellationToken)
    {
        // The password is set on every start, so the folder follows the secret the caller keeps.
        await ExecuteAsRootAsync(
            $"CREATE USER IF NOT EXISTS '{ApplicationUser}'@'%' IDENTIFIED BY '{Password}'; "
            + $"ALTER USER '{ApplicationUser}'@'%' IDENTIFIED BY '{Password}'; "
            + "FLUSH PRIVILEGES;",
            cancellationToken);
        await CreateDatabaseAsync(DatabaseName, cancellationToken);

        // Ready means the application can log in over TCP, as the services will.
        await using var connection = new MySqlConnection(ConnectionString + ";Pooling=false");
        await connection.OpenAsync(cancellationToken);
    }

    private async Task ExecuteAsRootAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(RootConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string CheckName(string database) =>
        database.Length is > 0 and <= 64 && database.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? database
            : throw new ArgumentException($"'{database}' is not a plain database name ([A-Za-z0-9_], 1..64).", nameof(database));
}
