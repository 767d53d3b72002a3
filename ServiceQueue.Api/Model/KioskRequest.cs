namespace ServiceQueue.Api.Model;

/// <summary>
/// The body of <c>POST /kiosks</c> and <c>PUT /kiosks/{id}</c>. <see cref="Branch"/> is the default branch's when left out,
/// and cannot change on PUT; <see cref="Language"/> is <c>en</c> when left out. Everything is optional so validation can name what is missing.
/// </summary>
public sealed record KioskRequest(string? Name, string? Branch, IReadOnlyList<string?>? Queues, string? Language);
