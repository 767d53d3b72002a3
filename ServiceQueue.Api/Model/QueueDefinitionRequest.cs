namespace ServiceQueue.Api.Model;

/// <summary>
/// The body of <c>POST /queues</c> (with <see cref="Code"/>) and <c>PUT /queues/{code}</c> (the code is the route's).
/// <see cref="CustomerFields"/> names what a kiosk may ask the customer (name, phone; none when left out).
/// <see cref="Alerts"/> are the queue's alert rules (none when left out).
/// Everything is optional here so validation can name what is missing; absent settings take their defaults.
/// </summary>
public sealed record QueueDefinitionRequest(
    string? Code,
    string? Name,
    string? NumberPrefix,
    bool? Open,
    int? MaxSize,
    int? PriorityRun,
    int? MaxWaitSeconds,
    int? SlaSeconds,
    int? RecallLimit,
    int? RecallMinIntervalSeconds,
    string? TimeZone,
    IReadOnlyList<string?>? CustomerFields = null,
    QueueAlertRulesRequest? Alerts = null);
