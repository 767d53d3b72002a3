namespace ServiceQueue.AppHost.Hosting;

/// <summary>A database on a MySQL server; references to it inject <c>ConnectionStrings__{Name}</c>.</summary>
public sealed class MySqlDatabaseResource(string name, string databaseName, MySqlServerResource parent)
    : IResourceWithConnectionString, IResourceWithWaitSupport
{
    public string Name { get; } = name;

    public string DatabaseName { get; } = databaseName;

    public MySqlServerResource Parent { get; } = parent;

    public string? ConnectionString => Parent.MariaDb?.ConnectionStringFor(DatabaseName);

    public Task WhenReady => Parent.WhenReady;
}
