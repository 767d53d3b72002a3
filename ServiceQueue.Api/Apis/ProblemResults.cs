using Microsoft.AspNetCore.Http.HttpResults;

namespace ServiceQueue.Api.Apis;

/// <summary>The problem details (RFC 9457) the handlers answer with, worded once.</summary>
internal static class ProblemResults
{
    public static ProblemHttpResult InvalidCredentials() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid credentials",
            detail: "The user name or password is wrong, or the account is temporarily locked.");

    public static ProblemHttpResult InvalidRefreshToken() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid refresh token",
            detail: "The refresh token is unknown, expired, revoked or already used; sign in again.");

    public static ProblemHttpResult TooManyAttempts(TimeSpan retryAfter) =>
        TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many login attempts",
            detail: $"Try again in {Math.Ceiling(retryAfter.TotalSeconds)} seconds.");

    public static ProblemHttpResult UserNotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "User not found", detail: $"There is no user {id}.");

    public static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);
}
