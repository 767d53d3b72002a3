using Dapper;
using ServiceQueue.Api.Messaging;

namespace ServiceQueue.Api.Storage;

/// <summary><c>rejected_requests</c>: one row per rejected request id; a redelivered event changes nothing.</summary>
internal sealed class RejectedRequestStore(MySqlConnectionFactory connections, TimeProvider timeProvider)
{
    // ON DUPLICATE KEY rather than INSERT IGNORE: IGNORE raises a warning, and MySql.Data cannot read SHOW WARNINGS here.
    private const string Insert = """
        INSERT INTO rejected_requests (request_id, queue_code, reason, detail, rejected_at, recorded_at)
        VALUES (@RequestId, @Queue, @Reason, @Detail, @RejectedAt, @now)
        ON DUPLICATE KEY UPDATE request_id = request_id
        """;

    public async Task RecordAsync(string requestId, RequestRejectedEvent rejection, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Insert, new
        {
            RequestId = requestId,
            Queue = Clip(rejection.Queue, 16) ?? "",
            Reason = Clip(rejection.Reason, 32) ?? "unknown",
            Detail = Clip(rejection.Detail, 500),
            RejectedAt = rejection.RejectedAt?.UtcDateTime ?? now,
            now,
        }, cancellationToken: cancellationToken));
    }

    public async Task<RejectedRequestRow?> FindAsync(string requestId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<RejectedRequestRow>(new CommandDefinition(
            """
            SELECT request_id AS RequestId, queue_code AS QueueCode, reason AS Reason, detail AS Detail, rejected_at AS RejectedAt
            FROM rejected_requests WHERE request_id = @requestId
            """,
            new { requestId },
            cancellationToken: cancellationToken));
    }

    private static string? Clip(string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}
