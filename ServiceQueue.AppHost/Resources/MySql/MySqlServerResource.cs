namespace ServiceQueue.AppHost.Resources.MySql;

/// <summary>
/// MariaDB (the MySQL protocol) as the app model sees it, in Aspire's shape (Aspire.Hosting.MySql is not
/// served here). Run, it is Debian's <c>mariadbd</c> on a port DCP allocates, its files in
/// <see cref="DataDirectory"/>; published, the publisher describes the <c>mariadb</c> image. Clients sign
/// in as <see cref="ApplicationUser"/>; root exists only on the server's Unix socket.
/// </summary>
public sealed class MySqlServerResource(string name, ParameterResource password, string dataDirectory)
    : ExecutableResource(name, "/usr/sbin/mariadbd", dataDirectory), IResourceWithConnectionString
{
    public const string PrimaryEndpointName = "tcp";
    public const string ApplicationUser = "servicequeue";
    public const string Image = "docker.io/library/mariadb";
    public const string ImageTag = "10.11";

    private readonly List<MySqlDatabaseResource> _databases = [];

    public EndpointReference PrimaryEndpoint => field ??= new(this, PrimaryEndpointName);

    /// <summary>The application user's password.</summary>
    public ParameterResource PasswordParameter { get; } = password;

    public string DataDirectory { get; } = dataDirectory;

    /// <summary>Where root signs in (Unix socket, no password): inside the data folder, never on the network.</summary>
    public string SocketPath => Path.Combine(DataDirectory, "mysqld.sock");

    public IReadOnlyList<MySqlDatabaseResource> Databases => _databases;

    /// <summary>The server without a database, in the MySqlConnector format contracts.md names.</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Server={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};User ID={ApplicationUser};Password={PasswordParameter}");

    internal void AddDatabase(MySqlDatabaseResource database) => _databases.Add(database);
}
