using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ServiceQueue.Api.Extensions;
using ServiceQueue.Api.Identity;
using ServiceQueue.Api.Model;
using ServiceQueue.Api.RateLimiting;
using ServiceQueue.Api.Storage;

namespace ServiceQueue.Api.Apis;

/// <summary><c>/auth/login|refresh|logout</c> and <c>/me</c>.</summary>
internal static class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder routes)
    {
        var auth = routes.MapGroup("/auth").WithTags("Auth");
        auth.MapPost("/login", LoginAsync)
            .WithSummary("Sign in")
            .WithDescription("Exchanges a user name and password for a short-lived access token (JWT) and a refresh token. Limited per client address and per account; repeated failures lock the account for a while.")
            .AllowAnonymous().RequireRateLimiting(ApiRateLimiting.LoginPerAddressPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
        auth.MapPost("/refresh", RefreshAsync)
            .WithSummary("Renew a session")
            .WithDescription("Exchanges a refresh token for a new access token and a new refresh token. Each refresh token works once; presenting a used one revokes its whole family.")
            .AllowAnonymous().RequireRateLimiting(ApiRateLimiting.LoginPerAddressPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);
        auth.MapPost("/logout", LogoutAsync)
            .WithSummary("Sign out")
            .WithDescription("Revokes the given refresh token so the session cannot be renewed; the access token lapses at its expiry.")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        routes.MapGet("/me", GetMeAsync)
            .WithSummary("The signed-in user")
            .WithDescription("The caller's own profile: user name, role, the queues they serve and their default desk.")
            .WithTags("Auth").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    public static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> LoginAsync(
        LoginRequest request, SignInService signIn, LoginAccountRateLimiter accountLimiter, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(request.UserName))
        {
            errors.Add("userName", "The user name is required.");
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            errors.Add("password", "The password is required.");
        }

        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        using var lease = accountLimiter.Acquire(request.UserName!);
        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(60);
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ProblemResults.TooManyAttempts(retryAfter);
        }

        var result = await signIn.LoginAsync(request.UserName!.Trim(), request.Password!, cancellationToken);
        return result.Tokens is { } tokens ? TypedResults.Ok(tokens) : ProblemResults.InvalidCredentials();
    }

    public static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> RefreshAsync(
        RefreshRequest request, SignInService signIn, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.RefreshToken) || request.RefreshToken.Length > 128)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["refreshToken"] = ["The refresh token is required."] });
        }

        var result = await signIn.RefreshAsync(request.RefreshToken, cancellationToken);
        return result.Tokens is { } tokens ? TypedResults.Ok(tokens) : ProblemResults.InvalidRefreshToken();
    }

    public static async Task<NoContent> LogoutAsync(
        [FromBody] LogoutRequest? request, ClaimsPrincipal user, SignInService signIn, CancellationToken cancellationToken)
    {
        var refreshToken = string.IsNullOrWhiteSpace(request?.RefreshToken) ? null : request.RefreshToken;
        await signIn.LogoutAsync(user.UserId(), refreshToken, cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetMeAsync(ClaimsPrincipal user, UserStore users, CancellationToken cancellationToken)
    {
        var id = user.UserId();
        return await users.FindAsync(id, cancellationToken) is { } found
            ? TypedResults.Ok(UserResponse.From(found))
            : ProblemResults.UserNotFound(id);
    }
}
