namespace ServiceQueue.Api.Model;

/// <summary>A reason a branch's attendants may give for a pause; only active ones are offered and accepted.</summary>
public sealed record PauseReasonResponse(string Code, string Branch, string Name, bool Active, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
