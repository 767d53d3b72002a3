using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ServiceQueue.Api.Model;
using ServiceQueue.Api.Storage;
using ServiceQueue.ServiceDefaults.Branches;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Api.Apis;

/// <summary>
/// <c>/history</c> and <c>/stats</c>: what happened in a branch's queues, for its supervisors and admins; mapped for the
/// default branch at <c>/api/v1</c> and for any at <c>/api/v1/branches/{branch}</c>. <c>/statistics/branches</c>
/// compares branches side by side (<see cref="MapBranchComparison"/>).
/// </summary>
internal static class HistoryApi
{
    /// <summary>Statistics cover the last day unless asked otherwise, and at most a year at once.</summary>
    public static readonly TimeSpan DefaultStatsRange = TimeSpan.FromDays(1);
    public static readonly TimeSpan MaxStatsRange = TimeSpan.FromDays(366);

    /// <summary>A series has at most this many buckets: a month of hours (a year of days fits within the range's own cap).</summary>
    public const int MaxSeriesBuckets = 744;

    /// <summary>The bucket lengths a series may be cut into, by the name a caller gives.</summary>
    public static readonly IReadOnlyDictionary<string, TimeSpan> SeriesBuckets = new Dictionary<string, TimeSpan>(StringComparer.Ordinal)
    {
        ["hour"] = TimeSpan.FromHours(1),
        ["day"] = TimeSpan.FromDays(1),
    };

    /// <summary>A chain-wide comparison reads one indexed range per branch; 250 covers the largest chain the design plans for (200).</summary>
    public const int MaxComparedBranches = 250;

    public static IEndpointRouteBuilder MapHistoryApi(this IEndpointRouteBuilder routes)
    {
        var history = routes.MapGroup("").WithTags("History")
            .RequireAuthorization(ServiceQueuePolicies.Supervisor).RequireBranchRole(ServiceQueueRoles.Supervisor)
            .AddEndpointFilter<BranchScopeFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        history.MapGet("/history", ListAsync)
            .WithSummary("Service history")
            .WithDescription("The branch's served tickets, one row per segment a ticket spent in a queue, filtered by queue, attendant and time range, newest first, in pages. The branch's Supervisors and Admins.");
        history.MapGet("/stats/queues/{code}", StatsAsync)
            .WithSummary("Queue statistics")
            .WithDescription("For a queue of the branch and a time range: tickets served and no-shows, waits (average, p50, p90, max), service times, share served within the SLA, figures per attendant and the accuracy of quoted wait estimates. The branch's Supervisors and Admins.");
        history.MapGet("/stats/queues/{code}/series", SeriesAsync)
            .WithSummary("Queue statistics over time")
            .WithDescription(
                "For a queue of the branch, its figures bucket by bucket (bucket = hour or day, UTC lengths counted from `from`; every bucket present, "
                + $"zeros when empty; at most {MaxSeriesBuckets}): arrivals, outcomes, served within the SLA, the average wait and the accuracy of quoted "
                + "waits. The branch's Supervisors and Admins.");
        history.MapGet("/stats/queues/{code}/wait-distribution", WaitDistributionAsync)
            .WithSummary("Queue wait distribution")
            .WithDescription(
                "For a queue of the branch and a time range: how many called tickets waited 0-1, 1-2, 2-5, 5-10, 10-15, 15-20, 20-30, 30-45, 45-60 "
                + "and 60 or more minutes. The branch's Supervisors and Admins.");
        return routes;
    }

    public static IEndpointRouteBuilder MapBranchComparison(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/statistics/branches", CompareAsync)
            .WithSummary("Compare branches")
            .WithDescription(
                "Branches side by side over a time range (from, to; the last day unless given, a year at most): served, no-shows, removed, transferred, "
                + "waits, service times and the share served within each queue's SLA. `branches` narrows to a comma-separated list. "
                + "Admins compare every branch; a Supervisor the branches they supervise, and naming another is forbidden.")
            .WithTags("History").RequireAuthorization(ServiceQueuePolicies.Supervisor)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        return routes;
    }

    /// <summary>Finished ticket segments, newest first; <c>from</c>/<c>to</c> bound when they finished; <c>attendant</c> is a user id or name.</summary>
    public static async Task<Results<Ok<Page<HistoryEntryResponse>>, ValidationProblem>> ListAsync(
        BranchScope branch, HistoryQueries history, CancellationToken cancellationToken,
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

        return TypedResults.Ok(await history.PageAsync(new HistoryFilter(branch.Code, code, attendantIdOrName, outcome, range.From, range.To), paging.Page, paging.PageSize, cancellationToken));
    }

    public static async Task<Results<Ok<QueueStatsResponse>, ValidationProblem, ProblemHttpResult>> StatsAsync(
        BranchScope branch, string code, HistoryQueries history, TimeProvider timeProvider, CancellationToken cancellationToken, string? from = null, string? to = null)
    {
        var errors = new ValidationErrors();
        var queue = QueryParameters.QueueCode(code, "code", errors);
        var (start, end) = StatsRange(from, to, timeProvider, errors);
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        return await history.StatsAsync(branch.Code, queue!, start, end, cancellationToken) is { } stats
            ? TypedResults.Ok(stats)
            : QueueNotFound(branch, queue!);
    }

    private static ProblemHttpResult QueueNotFound(BranchScope branch, string queue) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Queue not found", detail: $"There is no queue {queue} in branch {branch.Code} and no history for it.");

    /// <summary>The queue's figures per bucket over [from, to); buckets are counted from <c>from</c>, so a caller picks their alignment.</summary>
    public static async Task<Results<Ok<QueueSeriesResponse>, ValidationProblem, ProblemHttpResult>> SeriesAsync(
        BranchScope branch, string code, SeriesQueries series, TimeProvider timeProvider, CancellationToken cancellationToken,
        string? from = null, string? to = null, string? bucket = null)
    {
        var errors = new ValidationErrors();
        var queue = QueryParameters.QueueCode(code, "code", errors);
        var (start, end) = StatsRange(from, to, timeProvider, errors);
        var bucketName = string.IsNullOrWhiteSpace(bucket) ? "hour" : bucket.Trim().ToLowerInvariant();
        if (!SeriesBuckets.TryGetValue(bucketName, out var length))
        {
            errors.Add("bucket", "'bucket' is hour or day.");
        }
        else if (errors.IsValid && SeriesQueries.BucketCount(start, end, length) > MaxSeriesBuckets)
        {
            errors.Add("bucket", $"At most {MaxSeriesBuckets} buckets at once: choose day, or a shorter range.");
        }

        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        return await series.SeriesAsync(branch.Code, queue!, start, end, bucketName, length, cancellationToken) is { } points
            ? TypedResults.Ok(points)
            : QueueNotFound(branch, queue!);
    }

    public static async Task<Results<Ok<WaitDistributionResponse>, ValidationProblem, ProblemHttpResult>> WaitDistributionAsync(
        BranchScope branch, string code, SeriesQueries series, TimeProvider timeProvider, CancellationToken cancellationToken, string? from = null, string? to = null)
    {
        var errors = new ValidationErrors();
        var queue = QueryParameters.QueueCode(code, "code", errors);
        var (start, end) = StatsRange(from, to, timeProvider, errors);
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        return await series.WaitDistributionAsync(branch.Code, queue!, start, end, cancellationToken) is { } distribution
            ? TypedResults.Ok(distribution)
            : QueueNotFound(branch, queue!);
    }

    /// <summary>The branches named (or all the caller may compare) over the range; naming a branch the caller does not supervise is forbidden.</summary>
    public static async Task<Results<Ok<BranchComparisonResponse>, ValidationProblem, ProblemHttpResult>> CompareAsync(
        ClaimsPrincipal caller, BranchStore branches, HistoryQueries history, TimeProvider timeProvider, CancellationToken cancellationToken,
        string? from = null, string? to = null, [FromQuery(Name = "branches")] string? named = null)
    {
        var errors = new ValidationErrors();
        var (start, end) = StatsRange(from, to, timeProvider, errors);
        var access = new BranchAccess(caller, branches.DefaultCode);
        var known = (await branches.ListAsync(cancellationToken)).Select(b => b.Code).ToList();
        List<string> chosen;
        if (string.IsNullOrWhiteSpace(named))
        {
            chosen = [.. known.Where(access.SupervisesIn)];
        }
        else
        {
            chosen = [.. named.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(b => b.ToUpperInvariant()).Distinct()];
            if (chosen.Count > MaxComparedBranches)
            {
                errors.Add("branches", $"Compare at most {MaxComparedBranches} branches at once.");
            }
            else if (chosen.FirstOrDefault(b => !access.SupervisesIn(b) || !known.Contains(b)) is { } refused)
            {
                // Not told apart: a branch that does not exist and one the caller does not supervise answer the same.
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: $"You do not supervise a branch {refused}.");
            }
        }

        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        return TypedResults.Ok(new BranchComparisonResponse(start, end, await history.CompareBranchesAsync(chosen, start, end, cancellationToken)));
    }

    /// <summary>[from, to): the last day unless given, at most a year.</summary>
    internal static (DateTimeOffset Start, DateTimeOffset End) StatsRange(string? from, string? to, TimeProvider timeProvider, ValidationErrors errors)
    {
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

        return (start, end);
    }
}
