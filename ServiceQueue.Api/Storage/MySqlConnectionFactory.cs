using MySql.Data.MySqlClient;

namespace ServiceQueue.Api.Storage;

/// <summary>Opens connections to the Api's database.</summary>
internal sealed class MySqlConnectionFactory
{
    public const string ConnectionName = "servicequeuedb";

    public MySqlConnectionFactory(string connectionString)
    {
        // The injected string is the contract's plain form; utf8mb4 is ours to ask for, or the driver
        // would fall back to the server's system charset, which MySql.Data 8.0.16 cannot read.
        var builder = new MySqlConnectionStringBuilder(connectionString) { CharacterSet = "utf8mb4" };
        ConnectionString = builder.ConnectionString;
    }

    public string ConnectionString { get; }

    public async Task<MySqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new MySqlConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
