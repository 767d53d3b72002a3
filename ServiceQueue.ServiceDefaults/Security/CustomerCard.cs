namespace ServiceQueue.ServiceDefaults.Security;

/// <summary>What staff may read of a sealed customer: the name to call them by, and the request's notes.</summary>
public sealed record CustomerCard(string? Name, string? Notes);
