namespace ServiceQueue.Api.Model;

/// <summary>
/// The body of <c>POST /branches</c> and <c>PUT /branches/{code}</c>; on PUT the code comes from the route.
/// <c>region</c> is optional: a supervisor of a region holds the Supervisor role in each of its branches.
/// </summary>
public sealed record BranchRequest(string? Code, string? Name, string? TimeZone, bool? Open, string? Region = null);
