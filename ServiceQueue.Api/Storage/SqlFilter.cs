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
}
