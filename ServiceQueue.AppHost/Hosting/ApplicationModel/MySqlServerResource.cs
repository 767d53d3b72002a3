using ServiceQueue.AppHost.Hosting.Servers;

namespace ServiceQueue.AppHost.Hosting;

/// <summary>A MySQL-protocol server (MariaDB here; MySQL 8.4 in Kubernetes).</summary>
public sealed class MySqlServerResource(string name) : ServerResource(name)
{
    private readonly List<MySqlDatabaseResource> _databases = [];

    public IReadOnlyList<MySqlDatabaseResource> Databases => _databases;

    public MariaDbServer? MariaDb => (MariaDbServer?)Server;

    public override string? ConnectionString => MariaDb?.ConnectionStringFor(string.Empty);

    public override LocalServer CreateServer(LocalServerOptions options) =>
        new MariaDbServer(options, _databases.FirstOrDefault()?.DatabaseName ?? "servicequeuedb");

    internal void Add(MySqlDatabaseResource database) => _databases.Add(database);

    protected override async Task OnStartedAsync(CancellationToken cancellationToken)
    {
        foreach (var database in _databases)
        {
            await MariaDb!.CreateDatabaseAsync(database.DatabaseName, cancellationToken);
        }
    }
}
