namespace ServiceQueue.Api.Model;

/// <summary>The answer of <c>GET /statistics/branches</c>: the branches the caller may compare, over [From, To).</summary>
internal sealed record BranchComparisonResponse(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<BranchFigures> Branches);
