using System.Security.Claims;
using System.Text.RegularExpressions;
using Grpc.Core;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceQueue.Api.BrokerClient;
using ServiceQueue.Api.Model;
using ServiceQueue.Api.Storage;
using ServiceQueue.ServiceDefaults.BrokerClient;
using ServiceQueue.ServiceDefaults.Security;
using V1 = ServiceQueue.Broker.V1;

namespace ServiceQueue.Api.Apis;

/// <summary>
/// <c>/alerts</c>: a branch's service-level alerts (issue 18), recorded from the Broker's events by the history
/// follower, and their acknowledgement, for the branch's supervisors and admins; mapped like <c>/history</c>.
/// </summary>
internal static partial class AlertsApi
{
    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder routes)
    {
        var alerts = routes.MapGroup("/alerts").WithTags("Alerts")
            .RequireAuthorization(ServiceQueuePolicies.Supervisor).RequireBranchRole(ServiceQueueRoles.Supervisor)
            .AddEndpointFilter<BranchScopeFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        alerts.MapGet("/", ListAsync)
            .WithSummary("Alerts")
            .WithDescription(
                "The branch's alerts (a ticket waiting past the SLA, too many waiting, nobody available, a service running long), newest raise first, "
                + "in pages; filtered by queue, active (true: not cleared yet; false: cleared) and when they were raised (from, to). "
                + "The branch's Supervisors and Admins.")
            .ProducesValidationProblem();
        alerts.MapPost("/{id}/acknowledge", AcknowledgeAsync)
            .WithSummary("Acknowledge an alert")
            .WithDescription(
                "Records that the caller has seen an active alert of the branch; the first acknowledgement is kept. "
                + "An alert already cleared answers 409 (alert_cleared). The branch's Supervisors and Admins.")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    public static async Task<Results<Ok<Page<AlertResponse>>, ValidationProblem>> ListAsync(
        BranchScope branch, AlertQueries alerts, CancellationToken cancellationToken,
        string? queue = null, string? active = null, string? from = null, string? to = null, string? page = null, string? pageSize = null)
    {
        var errors = new ValidationErrors();
        var code = QueryParameters.QueueCode(queue, "queue", errors);
        bool? activeOnly = null;
        if (active is not null)
        {
            if (bool.TryParse(active, out var parsed))
            {
                activeOnly = parsed;
            }
            else
            {
                errors.Add("active", "'active' is true or false.");
            }
        }

        var range = QueryParameters.Range(from, to, errors);
        var paging = QueryParameters.Paging(page, pageSize, errors);
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var filter = new AlertFilter(branch.Code, code, activeOnly, range.From, range.To);
        return TypedResults.Ok(await alerts.PageAsync(filter, paging.Page, paging.PageSize, cancellationToken));
    }

    public static async Task<Results<Ok<AlertResponse>, ProblemHttpResult>> AcknowledgeAsync(
        BranchScope branch, string id, ClaimsPrincipal caller, AlertQueries alerts, BrokerQueues broker, AuditLog audit, CancellationToken cancellationToken)
    {
        if (!IdPattern().IsMatch(id))
        {
            return NotFound(id);
        }

        try
        {
            // The Broker's active alerts of this branch: an id of another branch is not found here, whatever it is there.
            var live = (await broker.ListAlertsAsync(branch.Code, cancellationToken)).FirstOrDefault(a => a.Id == id);
            if (live is null)
            {
                return await alerts.FindAsync(branch.Code, id, cancellationToken) is null ? NotFound(id) : Cleared(id);
            }

            var acknowledged = await broker.AcknowledgeAlertAsync(id, caller.UserId(), cancellationToken);
            if (acknowledged is null)
            {
                return NotFound(id);
            }

            await audit.WriteAsync(
                new AuditEntry(
                    AuditActions.AlertAcknowledged, caller.UserId(), AuditActions.AlertSubject, id,
                    $"queue={acknowledged.Queue} kind={AlertKinds.Of(acknowledged.Kind)}")
                { Branch = branch.Code },
                cancellationToken);
            var recorded = await alerts.FindAsync(branch.Code, id, cancellationToken);
            return TypedResults.Ok(ToResponse(acknowledged, branch.Code, recorded));
        }
        catch (RpcException error) when (BrokerFailure.From(error).Reason == "alert_cleared")
        {
            return Cleared(id);
        }
        catch (BrokerUnavailableException)
        {
            return ServiceProblems.BrokerUnavailable();
        }
    }

    /// <summary>The Broker's answer, with the largest value the history has recorded (the Broker keeps only the latest).</summary>
    private static AlertResponse ToResponse(V1.QueueAlert alert, string branch, AlertResponse? recorded) => new(
        alert.Id, branch, alert.Queue, AlertKinds.Of(alert.Kind), alert.Active, alert.RaisedAt.ToDateTimeOffset(), alert.UpdatedAt.ToDateTimeOffset(),
        alert.ClearedAt?.ToDateTimeOffset(), alert.Value, Math.Max(alert.Value, recorded?.PeakValue ?? 0), alert.Threshold,
        alert.AcknowledgedAt?.ToDateTimeOffset(), string.IsNullOrEmpty(alert.AcknowledgedBy) ? null : alert.AcknowledgedBy);

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Alert not found", detail: $"There is no alert {id} in this branch.");

    private static ProblemHttpResult Cleared(string id) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict, title: "Alert cleared", detail: $"Alert {id} was cleared; there is nothing to acknowledge.",
            extensions: new Dictionary<string, object?> { ["reason"] = "alert_cleared" });

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex IdPattern();
}
