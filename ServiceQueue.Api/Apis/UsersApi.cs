using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceQueue.Api.Identity;
using ServiceQueue.Api.Model;
using ServiceQueue.Api.Storage;
using ServiceQueue.ServiceDefaults.Security;

namespace ServiceQueue.Api.Apis;

/// <summary><c>/users</c>: Admin only, except that users change their own password.</summary>
internal static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder routes)
    {
        var users = routes.MapGroup("/users").WithTags("Users")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        users.MapGet("/", ListAsync)
            .WithSummary("List users")
            .WithDescription("Every user with role, queues, roles per branch and region, and desk. Admin only.")
            .RequireAuthorization(ServiceQueuePolicies.Admin);
        users.MapPost("/", CreateAsync)
            .WithSummary("Create a user")
            .WithDescription("Creates a user with a default desk and either a role and queues in the default branch (or Admin, which is global), or roles per branch (`branches`: branch, role, queues) and per region (`regions`: region, role); full name and e-mail are stored encrypted. Admin only.")
            .RequireAuthorization(ServiceQueuePolicies.Admin)
            .ProducesProblem(StatusCodes.Status409Conflict);
        users.MapGet("/{id:guid}", GetAsync)
            .WithSummary("Get a user")
            .WithDescription("One user by id. Admin only.")
            .RequireAuthorization(ServiceQueuePolicies.Admin)
            .ProducesProblem(StatusCodes.Status404NotFound);
        users.MapPut("/{id:guid}", UpdateAsync)
            .WithSummary("Update a user")
            .WithDescription("Replaces a user's roles (as on create: role and queues, or branches and regions), desk and personal fields. Admin only; an Admin cannot remove their own Admin role.")
            .RequireAuthorization(ServiceQueuePolicies.Admin)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        users.MapDelete("/{id:guid}", DeleteAsync)
            .WithSummary("Delete a user")
            .WithDescription("Deletes a user. Admin only; an Admin cannot delete their own account.")
            .RequireAuthorization(ServiceQueuePolicies.Admin)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        users.MapPost("/{id:guid}/password", ChangePasswordAsync)
            .WithSummary("Change a password")
            .WithDescription("Sets a new password. A user may change their own (giving the current one); an Admin may set anyone's.")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    public static async Task<Ok<UserResponse[]>> ListAsync(UserStore users, CancellationToken cancellationToken) =>
        TypedResults.Ok((await users.ListAsync(cancellationToken)).Select(UserResponse.From).ToArray());

    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetAsync(Guid id, UserStore users, CancellationToken cancellationToken) =>
        await users.FindAsync(id.ToString(), cancellationToken) is { } user
            ? TypedResults.Ok(UserResponse.From(user))
            : ProblemResults.UserNotFound(id.ToString());

    public static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateUserRequest request, ClaimsPrincipal caller, UserStore users, BranchStore branches, PasswordHasher hasher, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var userName = UserValidation.CheckUserName(request.UserName, errors);
        UserValidation.CheckNewPassword(request.Password, "password", errors);
        var fields = UserValidation.CheckFields(
            request.Role, request.FullName, request.Email, request.DefaultDesk, request.Queues, request.Branches, request.Regions, branches.DefaultCode, errors);
        await CheckBranchesExistAsync(fields, branches, errors, cancellationToken);
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var (result, user) = await users.CreateAsync(userName!, hasher.Hash(request.Password!), fields, caller.UserId(), AuditActions.UserCreated, cancellationToken);
        return result switch
        {
            UserWriteResult.Done => TypedResults.Created($"/api/v1/users/{user!.Id}", UserResponse.From(user)),
            UserWriteResult.DuplicateEmail => ProblemResults.Conflict("E-mail in use", "Another user has this e-mail."),
            _ => ProblemResults.Conflict("User name in use", "Another user has this user name."),
        };
    }

    public static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateUserRequest request, ClaimsPrincipal caller, UserStore users, BranchStore branches, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var fields = UserValidation.CheckFields(
            request.Role, request.FullName, request.Email, request.DefaultDesk, request.Queues, request.Branches, request.Regions, branches.DefaultCode, errors);
        await CheckBranchesExistAsync(fields, branches, errors, cancellationToken);
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        if (id.ToString() == caller.UserId() && fields.Role != ServiceQueueRoles.Admin)
        {
            return ProblemResults.Conflict("Cannot demote yourself", "An Admin cannot remove their own Admin role; another Admin can.");
        }

        var (result, user) = await users.UpdateAsync(id.ToString(), fields, caller.UserId(), cancellationToken);
        return result switch
        {
            UserWriteResult.Done => TypedResults.Ok(UserResponse.From(user!)),
            UserWriteResult.NotFound => ProblemResults.UserNotFound(id.ToString()),
            _ => ProblemResults.Conflict("E-mail in use", "Another user has this e-mail."),
        };
    }

    /// <summary>A role needs a branch that exists, and a region some branch is in; checked before anything is written.</summary>
    private static async Task CheckBranchesExistAsync(UserChanges fields, BranchStore branches, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (!errors.IsValid || (fields.BranchRoles.Count == 0 && fields.RegionRoles.Count == 0))
        {
            return;
        }

        var known = await branches.ListAsync(cancellationToken);
        foreach (var missing in fields.BranchRoles.Select(g => g.Branch).Where(b => known.All(k => k.Code != b)))
        {
            errors.Add("branches", $"There is no branch {missing}.");
        }

        foreach (var missing in fields.RegionRoles.Select(g => g.Region).Where(r => known.All(k => k.Region != r)))
        {
            errors.Add("regions", $"No branch is in region {missing}.");
        }
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, ClaimsPrincipal caller, UserStore users, CancellationToken cancellationToken)
    {
        if (id.ToString() == caller.UserId())
        {
            return ProblemResults.Conflict("Cannot delete yourself", "An Admin cannot delete their own account; another Admin can.");
        }

        return await users.DeleteAsync(id.ToString(), caller.UserId(), cancellationToken)
            ? TypedResults.NoContent()
            : ProblemResults.UserNotFound(id.ToString());
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult, ForbidHttpResult>> ChangePasswordAsync(
        Guid id, ChangePasswordRequest request, ClaimsPrincipal caller, UserStore users, PasswordHasher hasher, CancellationToken cancellationToken)
    {
        var own = id.ToString() == caller.UserId();
        if (!own && !caller.IsInRole(ServiceQueueRoles.Admin))
        {
            return TypedResults.Forbid();
        }

        var errors = new ValidationErrors();
        UserValidation.CheckNewPassword(request.NewPassword, "newPassword", errors);
        if (own && string.IsNullOrEmpty(request.CurrentPassword))
        {
            errors.Add("currentPassword", "The current password is required to change your own.");
        }

        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var storedHash = await users.FindPasswordHashAsync(id.ToString(), cancellationToken);
        if (storedHash is null)
        {
            return ProblemResults.UserNotFound(id.ToString());
        }

        if (own && hasher.Verify(storedHash, request.CurrentPassword!) == PasswordVerification.Failed)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["currentPassword"] = ["The current password is wrong."] });
        }

        return await users.SetPasswordHashAsync(id.ToString(), hasher.Hash(request.NewPassword!), caller.UserId(), cancellationToken)
            ? TypedResults.NoContent()
            : ProblemResults.UserNotFound(id.ToString());
    }
}
