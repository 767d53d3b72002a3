using Dapper;
using ServiceQueue.Api.Model;

namespace ServiceQueue.Api.Storage;

/// <summary>Pages of <c>audit_log</c>, newest first.</summary>
internal sealed class AuditQueries(MySqlConnectionFactory connections)
{
    public async Task<Page<AuditEntryResponse>> PageAsync(
        string? action, string? actor, DateTimeOffset? from, DateTimeOffset? to, int page, int pageSize, CancellationToken cancellationToken)
    {
        var filter = new SqlFilter()
            .Add("action = @action", "action", action)
            .Add("actor_id = @actor", "actor", actor)
            .Add("occurred_at >= @from", "from", from?.UtcDateTime)
            .Add("occurred_at < @to", "to", to?.UtcDateTime);
        await using var connection = await connections.OpenAsync(cancellationToken);
        var (total, rows) = await filter.PageAsync<AuditRow>(
            connection,
            "audit_log",
            "id AS Id, occurred_at AS OccurredAt, action AS Action, actor_id AS ActorId, subject_type AS SubjectType, subject_id AS SubjectId, detail AS Detail",
            "id DESC",
            page,
            pageSize,
            cancellationToken);
        return new Page<AuditEntryResponse>(
            [.. rows.Select(r => new AuditEntryResponse(r.Id, Utc.From(r.OccurredAt), r.Action, r.ActorId, r.SubjectType, r.SubjectId, r.Detail))],
            page, pageSize, total);
    }

    private sealed class AuditRow
    {
        public long Id { get; set; }

        public DateTime OccurredAt { get; set; }

        public string Action { get; set; } = "";

        public string? ActorId { get; set; }

        public string? SubjectType { get; set; }

        public string? SubjectId { get; set; }

        public string? Detail { get; set; }
    }
}
