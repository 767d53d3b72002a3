using ServiceQueue.Api.Storage;
using ServiceQueue.ServiceDefaults.Branches;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Api.Apis;

/// <summary>
/// The branch a route acts in: <c>{branch}</c> of <c>/branches/{branch}/...</c>, or the default branch on the
/// routes from before branches. Bound from the route and the caller's token; <see cref="BranchScopeFilter"/>
/// answers 404 before the handler runs when the branch does not exist or the caller does not belong to it.
/// </summary>
internal sealed class BranchScope(string code, BranchRow? row, BranchAccess access)
{
    public const string RouteParameter = "branch";

    public string Code { get; } = code;

    /// <summary>The branch's row; null when there is no such branch.</summary>
    public BranchRow? Row { get; } = row;

    public BranchAccess Access { get; } = access;

    /// <summary>The branch exists and the caller holds a role in it (an Admin holds every branch).</summary>
    public bool Visible => Row is not null && Access.BelongsTo(Code);

    /// <summary>The caller serves the queue of this branch: an Admin or a supervisor of the branch, or a user who lists it.</summary>
    public bool Serves(string queue) => Access.SupervisesIn(Code) || Access.Serves(new QueueAddress(Code, queue));

    public static async ValueTask<BranchScope> BindAsync(HttpContext context)
    {
        var store = context.RequestServices.GetRequiredService<BranchStore>();
        var named = context.Request.RouteValues[RouteParameter] as string;
        var code = named is null ? store.DefaultCode : QueueValidation.NormalizeCode(named) ?? "";
        var row = QueueValidation.IsCode(code) ? await store.FindAsync(code, context.RequestAborted) : null;
        return new BranchScope(code, row, new BranchAccess(context.User, store.DefaultCode));
    }

    public bool Holds(string leastRole) => leastRole switch
    {
        ServiceQueueRoles.Admin => Access.IsAdmin,
        ServiceQueueRoles.Supervisor => Access.SupervisesIn(Code),
        _ => Access.BelongsTo(Code),
    };
}
