using System.Data.Common;
using Dapper;

namespace ServiceQueue.Api.Storage;

/// <summary>A WHERE clause built from the filters a caller gave, so each query can use its index.</summary>
internal sealed class SqlFilter
{
    private readonly List<string> _conditions = [];

    public DynamicParameters Parameters { get; } = new();

    public string Where => _conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", _conditions);

    public SqlFilter Add(string condition, string name, object? value)
    {
        if (value is not null)
        {
            _conditions.Add(condition);
            Parameters.Add(name, value);
        }

        return this;
    }

    /// <summary>One page of <paramref name="table"/>'s matching rows (1-based <paramref name="page"/>) and how many match in all.</summary>
    public async Task<(long Total, IEnumerable<TRow> Rows)> PageAsync<TRow>(
        DbConnection connection, string table, string columns, string orderBy, int page, int pageSize, CancellationToken cancellationToken)
    {
        Parameters.Add("limit", pageSize);
        Parameters.Add("offset", (page - 1) * pageSize);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM {table} {Where}", Parameters, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<TRow>(new CommandDefinition(
            $"SELECT {columns} FROM {table} {Where} ORDER BY {orderBy} LIMIT @limit OFFSET @offset", Parameters, cancellationToken: cancellationToken));
        return (total, rows);
    }
}
