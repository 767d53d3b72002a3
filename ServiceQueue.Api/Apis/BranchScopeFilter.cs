using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Api.Apis;

/// <summary>
/// Runs before every branch-scoped handler: a branch that does not exist, or that the caller does not belong to,
/// is not found (its existence is not told); a role weaker in that branch than the route's
/// <see cref="BranchRoleMetadata"/> is forbidden. The global role policies have already run as a first gate.
/// </summary>
internal sealed class BranchScopeFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.Arguments.OfType<BranchScope>().FirstOrDefault() is not { } scope)
        {
            return await next(context);
        }

        if (!scope.Visible)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Branch not found", detail: $"There is no branch {scope.Code} you belong to.");
        }

        var least = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<BranchRoleMetadata>()?.LeastRole ?? ServiceQueueRoles.Attendant;
        return scope.Holds(least)
            ? await next(context)
            : TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: $"This needs the {least} role in branch {scope.Code}.");
    }
}
