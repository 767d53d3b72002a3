using Microsoft.AspNetCore.Http.HttpResults;
using ServiceQueue.Api.Model;
using ServiceQueue.Api.Storage;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Api.Apis;

/// <summary><c>/history</c> and <c>/stats</c>: what happened in the queues, for supervisors and admins.</summary>
internal static class HistoryApi
{
    /// <summary>Statistics cover the last day unless asked otherwise, and at most a year at once.</summary>
    public static readonly TimeSpan DefaultStatsRange = TimeSpan.FromDays(1);
    public static readonly TimeSpan MaxStatsRange = TimeSpan.FromDays(366);

    public static IEndpointRouteBuilder MapHistoryApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/history", ListAsync)
            .WithSummary("Service history")
            .WithDescription("Served tickets, one row per segment a ticket spent in a queue, filtered by queue, attendant and time range, newest first, in pages. Supervisors and Admins.")
            .WithTags("History").RequireAuthorization(ServiceQueuePolicies.Supervisor)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        routes.MapGet("/stats/queues/{code}", StatsAsync)
            .WithSummary("Queue statistics")
            .WithDescription("For a queue and time range: tickets served and no-shows, waits (average, p50, p90, max), service times, share served within the SLA, figures per attendant and the accuracy of quoted wait estimates. Supervisors and Admins.")
            .WithTags("History").RequireAuthorization(ServiceQueuePolicies.Supervisor)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    /// <summary>Finished ticket segments, newest first; <c>from</c>/<c>to</c> bound when they finished; <c>attendant</c> is a user id or name.</summary>
    public static async Task<Results<Ok<Page<HistoryEntryResponse>>, ValidationProblem>> ListAsync(
        HistoryQueries history, CancellationToken cancellationToken,
        string? queue = null, string? attendant = null, string? serviceOutcome = null, string? from = null, string? to = null, string? page = null, string? pageSize = null)
    {
        var errors = new ValidationErrors();
        var code = QueryParameters.QueueCode(queue, "queue", errors);
        // A user id or a whole user name (at most 64 characters).
        var attendantIdOrName = QueryParameters.Text(attendant, "attendant", 64, errors);
        var outcome = QueryParameters.Text(serviceOutcome, "serviceOutcome", 64, errors);
        var range = QueryParameters.Range(from, to, errors);
        var paging = QueryParameters.Paging(page, pageSize, errors);
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        return TypedResults.Ok(await history.PageAsync(new HistoryFilter(code, attendantIdOrName, outcome, range.From, range.To), paging.Page, paging.PageSize, cancellationToken));
    }

    public static async Task<Results<Ok<QueueStatsResponse>, ValidationProblem, ProblemHttpResult>> StatsAsync(
        string code, HistoryQueries history, TimeProvider timeProvider, CancellationToken cancellationToken, string? from = null, string? to = null)
    {
        var errors = new ValidationErrors();
        var queue = QueryParameters.QueueCode(code, "code", errors);
        var range = QueryParameters.Range(from, to, errors);
        var end = range.To ?? timeProvider.GetUtcNow();
        var start = range.From ?? end - DefaultStatsRange;
        if (errors.IsValid && start >= end)
        {
            errors.Add("from", "'from' must be earlier than 'to' (which defaults to now).");
        }
        else if (errors.IsValid && end - start > MaxStatsRange)
        {
            errors.Add("to", $"The range is at most {MaxStatsRange.TotalDays} days.");
        }

        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        return await history.StatsAsync(queue!, start, end, cancellationToken) is { } stats
            ? TypedResults.Ok(stats)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Queue not found", detail: $"There is no queue {queue} and no history for it.");
    }
}
