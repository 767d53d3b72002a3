using Dapper;
using MySql.Data.MySqlClient;

namespace ServiceQueue.Tests.Api;

/// <summary>Direct reads of a test database, to check what the Api stored.</summary>
internal static class ApiDatabase
{
    public static async Task<T> ScalarAsync<T>(string connectionString, string sql, object? parameters = null)
    {
        await using var connection = await OpenAsync(connectionString);
        return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
    }

    public static async Task<IReadOnlyList<T>> QueryAsync<T>(string connectionString, string sql, object? parameters = null)
    {
        await using var connection = await OpenAsync(connectionString);
        return [.. await connection.QueryAsync<T>(sql, parameters)];
    }

    public static async Task<int> ExecuteAsync(string connectionString, string sql, object? parameters = null)
    {
        await using var connection = await OpenAsync(connectionString);
        return await connection.ExecuteAsync(sql, parameters);
    }

    private static async Task<MySqlConnection> OpenAsync(string connectionString)
    {
        var connection = new MySqlConnection(new MySqlConnectionStringBuilder(connectionString) { CharacterSet = "utf8mb4" }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
