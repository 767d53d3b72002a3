namespace ServiceQueue.Api.Model;

/// <summary>A pause reason to create or replace: <c>code</c> (<c>[a-z0-9_]{1,32}</c>, fixed once made), <c>name</c>, <c>active</c> (true).</summary>
public sealed record PauseReasonRequest(string? Code, string? Name, bool? Active = null);
