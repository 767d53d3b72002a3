using System.Globalization;
using System.Runtime.CompilerServices;
using MySqlConnector;

namespace ServiceQueue.Tests.Api;

/// <summary>
/// Direct reads and writes of a test database, to set up or check what the Api stored. Parameters are an
/// anonymous object (<c>new { id }</c> binds <c>@id</c>); a row is one value, or a value tuple of its columns.
/// </summary>
internal static class ApiDatabase
{
    public static async Task<T> ScalarAsync<T>(string connectionString, string sql, object? parameters = null)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = Command(connection, sql, parameters);
        return (T)Convert(await command.ExecuteScalarAsync(), typeof(T))!;
    }

    public static async Task<IReadOnlyList<T>> QueryAsync<T>(string connectionString, string sql, object? parameters = null)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        var isTuple = typeof(T).IsValueType && typeof(ITuple).IsAssignableFrom(typeof(T));
        var types = isTuple ? typeof(T).GetGenericArguments() : [typeof(T)];
        while (await reader.ReadAsync())
        {
            var values = types.Select((type, i) => Convert(reader.GetValue(i), type)).ToArray();
            rows.Add(isTuple ? (T)Activator.CreateInstance(typeof(T), values)! : (T)values[0]!);
        }

        return rows;
    }

    public static async Task<int> ExecuteAsync(string connectionString, string sql, object? parameters = null)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync();
    }

    private static MySqlCommand Command(MySqlConnection connection, string sql, object? parameters)
    {
        var command = new MySqlCommand(sql, connection);
        foreach (var property in parameters?.GetType().GetProperties() ?? [])
        {
            command.Parameters.AddWithValue("@" + property.Name, property.GetValue(parameters) ?? DBNull.Value);
        }

        return command;
    }

    private static object? Convert(object? value, Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        return value is null or DBNull ? (type.IsValueType && target == type ? Activator.CreateInstance(type) : null)
            : target.IsInstanceOfType(value) ? value
            : System.Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
    }

    private static async Task<MySqlConnection> OpenAsync(string connectionString)
    {
        var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }
}
