using MySqlConnector;
using ServiceQueue.Tests.Infrastructure;

namespace ServiceQueue.Tests.Servers;

public sealed class TestServersTests
{
    [Fact]
    public async Task Each_test_gets_a_database_of_its_own()
    {
        var servers = await TestServers.GetAsync();
        var first = await servers.CreateDatabaseAsync();
        var second = await servers.CreateDatabaseAsync();

        await ExecuteAsync(first, "CREATE TABLE only_here (id INT)");

        await ExecuteAsync(first, "SELECT COUNT(*) FROM only_here");
        await Assert.ThrowsAsync<MySqlException>(() => ExecuteAsync(second, "SELECT COUNT(*) FROM only_here"));
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
